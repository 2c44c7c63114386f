// Drives the OpenSeadragon viewer of the /viewer page (window.viewer) through a deep zoom, for the
// browser tests: at each image zoom it pans over a grid of stops that covers the whole image and waits
// until every tile in view has loaded, so each pyramid level's tiles are all requested. Plain JS injected
// with page.addScriptTag, so nothing is transpiled on its way into the page.
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  // Waits a few frames (OpenSeadragon updates its tile state on animation frames), then until the image
  // reports every needed tile loaded.
  async function settle(item, timeoutMs) {
    for (let i = 0; i < 3; i++) await frame();
    const until = performance.now() + timeoutMs;
    while (!item.getFullyLoaded()) {
      if (performance.now() > until) throw new Error('tiles did not finish loading within ' + timeoutMs + ' ms');
      await frame();
    }
  }

  // Centres of windows of size `view` that together cover [start, start + length], overlapping a little.
  function centres(start, length, view) {
    if (view >= length) return [start + length / 2];
    const n = Math.ceil(length / (view * 0.9));
    const first = start + view / 2;
    const last = start + length - view / 2;
    return Array.from({ length: n }, (_, i) => first + ((last - first) * i) / (n - 1));
  }

  // `zooms` are image zooms (1 = one image pixel per screen pixel). Returns the stops visited per zoom.
  window.osdTour = async (zooms, timeoutMs = 30000) => {
    const viewer = window.viewer;
    const vp = viewer.viewport;
    const item = viewer.world.getItemAt(0);
    const stops = [];
    for (const zoom of zooms) {
      vp.zoomTo(item.imageToViewportZoom(zoom), null, true);
      await settle(item, timeoutMs);
      const view = vp.getBounds(true);
      const img = item.getBounds(true);
      let n = 0;
      for (const y of centres(img.y, img.height, view.height)) {
        for (const x of centres(img.x, img.width, view.width)) {
          vp.panTo(new OpenSeadragon.Point(x, y), true);
          await settle(item, timeoutMs);
          n++;
        }
      }
      stops.push(n);
    }
    vp.goHome(true);
    await settle(item, timeoutMs);
    return stops;
  };
})();
