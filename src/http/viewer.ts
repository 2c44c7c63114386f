/**
 * GET /viewer/{id}: a small deep-zoom page (OpenSeadragon, served as a static asset) for checking an
 * image by eye. It points at the Image API 3.0 info.json of the same host; `?v=2` uses 2.1 instead.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function viewerPage(infoUrl: string, title: string): string {
  // The info URL goes into a JSON string inside a script: JSON.stringify plus escaping `<` keeps it inert.
  const tileSource = JSON.stringify(infoUrl).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  html, body { margin: 0; height: 100%; background: #1d1d1d; color: #eee; font: 14px system-ui, sans-serif; }
  header { padding: 6px 12px; display: flex; gap: 1em; align-items: baseline; }
  header a { color: #9cf; }
  #viewer { position: absolute; top: 32px; bottom: 0; left: 0; right: 0; }
</style>
</head>
<body>
<header><strong>${escapeHtml(title)}</strong> <a id="info" href="${escapeHtml(infoUrl)}">info.json</a> <span id="status"></span></header>
<div id="viewer"></div>
<script src="/viewer-assets/openseadragon/openseadragon.min.js"></script>
<script>
  const viewer = OpenSeadragon({
    id: 'viewer',
    prefixUrl: '/viewer-assets/openseadragon/images/',
    tileSources: ${tileSource},
    showNavigator: true,
    crossOriginPolicy: 'Anonymous',
  });
  const status = document.getElementById('status');
  viewer.addHandler('open', () => { status.textContent = 'opened'; document.body.dataset.state = 'open'; });
  viewer.addHandler('open-failed', (e) => { status.textContent = 'failed: ' + e.message; document.body.dataset.state = 'failed'; });
  window.viewer = viewer;
</script>
</body>
</html>
`;
}
