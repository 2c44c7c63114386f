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

/** A value for an inline script: JSON with `<` escaped, so it cannot close the script element. */
function scriptValue(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const PAGE_STYLE = `html, body { margin: 0; height: 100%; font: 14px system-ui, sans-serif; }
  #viewer { position: absolute; inset: 0; }
  #signin { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 1em; }
  #signin[hidden] { display: none; }`;

/**
 * Before handing the manifest to a viewer, the page asks for it itself: a restricted record answers 401/403
 * (docs/CATALOGUE.md, "Access"), which viewers show as a bare error, so the page offers the login instead.
 */
function signInScript(manifestUrl: string, start: string): string {
  return `const manifest = ${scriptValue(manifestUrl)};
  fetch(manifest, { credentials: 'same-origin' }).then(async (res) => {
    if (res.status === 401 || res.status === 403) {
      const reason = await res.json().catch(() => ({}));
      document.getElementById('reason').textContent = reason.error || '';
      document.getElementById('signin').hidden = false;
      document.body.dataset.state = 'signin';
      return;
    }
    ${start}
    document.body.dataset.state = 'open';
  });`;
}

function signInBlock(loginUrl: string): string {
  return `<div id="signin" hidden><strong>Sign in to see this object</strong><span id="reason"></span>
<a id="login" href="${escapeHtml(loginUrl)}" target="_blank" rel="opener">Log in</a><a href="">Reload after signing in</a></div>`;
}

/**
 * GET /viewer/{object} for an object with a catalogue record: Mirador (3.4.3, self-hosted under
 * /viewer-assets/mirador/ by scripts/viewer-assets.mjs) opening its manifest, the record's "About" panel open.
 */
export function miradorPage(manifestUrl: string, title: string, loginUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<div id="viewer"></div>
${signInBlock(loginUrl)}
<script src="/viewer-assets/mirador/mirador.min.js"></script>
<script>
  ${signInScript(
    manifestUrl,
    `window.mirador = Mirador.viewer({
      id: 'viewer',
      windows: [{ manifestId: manifest, canvasIndex: 0 }],
      window: { allowClose: false, allowMaximize: false, sideBarOpenByDefault: true, defaultSideBarPanel: 'info' },
      workspaceControlPanel: { enabled: false },
    });`,
  )}
</script>
</body>
</html>
`;
}

/**
 * GET /viewer/{object}?uv: Universal Viewer (npm universalviewer, self-hosted under /viewer-assets/uv/ by
 * scripts/viewer-assets.mjs) opening the same manifest.
 */
export function uvPage(manifestUrl: string, title: string, loginUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/viewer-assets/uv/uv.css">
<style>${PAGE_STYLE}</style>
</head>
<body>
<div id="viewer" class="uv"></div>
${signInBlock(loginUrl)}
<script src="/viewer-assets/uv/umd/UV.js"></script>
<script>
  ${signInScript(manifestUrl, `window.uv = UV.init('viewer', { manifest, embedded: true });`)}
</script>
</body>
</html>
`;
}
