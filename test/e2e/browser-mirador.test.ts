/**
 * Mirador (3.4.3's self-contained UMD build; 4.0.0 does not install here, see the commit adding it) in
 * Debian's Chromium, opening the Worker's Presentation 3.0 manifest of a folder of images: it must draw
 * tiles fetched from the Image API 3.0 service the manifest names, keep doing so while the user zooms in
 * with the mouse wheel, and nothing it fetches may fail. The page is served by a static server in the
 * test, so the Worker never ships Mirador.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  freePortPair,
  launchBrowser,
  NetworkLog,
  pixelSpread,
  type SeenResponse,
  serveStatic,
  type StaticServer,
} from '../helpers/node-browser';
import { type LocalServer, seedObject, startServer } from '../helpers/node-server';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const MIRADOR_DIST = join(dirname(createRequire(import.meta.url).resolve('mirador/package.json')), 'dist', 'mirador.min.js');
const IMAGES = [
  { id: 'folio/chart', file: 'chart-1000x700-t256-q90.tif' },
  { id: 'folio/page', file: 'gray-600x900-t256.tif' },
] as const;
const WHEEL_STEPS = 4;

/** An Image API 3.0 image request for one of the folder's images (`…/iiif/3/folio%2F…/…/…/0/default.jpg`). */
const isImage = (r: SeenResponse) => /\/iiif\/3\/folio%2F[^/]+\/[^/]+\/[^/]+\/0\/default\.jpg$/.test(new URL(r.url).pathname);
/** Deep-zoom tiles: a region `x,y,w,h` (thumbnails and `full` overviews are not). */
const isTile = (r: SeenResponse) => isImage(r) && /\/\d+,\d+,\d+,\d+\//.test(new URL(r.url).pathname);
/** A region's width per output pixel: 1 at full resolution. */
const scaleOf = (r: SeenResponse) => {
  const [region, size] = new URL(r.url).pathname.split('/').slice(-4) as [string, string];
  return Number(region.split(',')[2]) / Number(size.split(',')[0]);
};

describe('Mirador with the Worker’s manifest (Chromium, wrangler dev)', () => {
  let server: LocalServer;
  let pages: StaticServer;
  let browser: BrowserSession;
  let persistTo: string;

  beforeAll(async () => {
    persistTo = await mkdtemp(join(tmpdir(), 'iiif-e2e-mirador-'));
    for (const image of IMAGES) await seedObject(persistTo, `${image.id}.tif`, join(FIXTURES, image.file));
    server = await startServer({ port: await freePortPair(8900, 8999), persistTo });
    pages = await serveStatic(await freePortPair(8900, 8999), {
      '/mirador.html': { file: join(import.meta.dirname, 'pages', 'mirador.html'), type: 'text/html; charset=utf-8' },
      '/mirador.min.js': { file: MIRADOR_DIST, type: 'text/javascript; charset=utf-8' },
    });
    browser = await launchBrowser({ width: 480, height: 360 });
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  it('opens the folder manifest, draws Worker tiles and zooms in to full resolution without a failed request', async () => {
    const manifestUrl = `${server.url}/iiif/manifest/folio`;
    const manifest = (await (await fetch(manifestUrl)).json()) as { items: unknown[] };
    expect(manifest.items).toHaveLength(IMAGES.length);

    const { page } = browser;
    const log = new NetworkLog(page);
    await page.goto(`${pages.url}/mirador.html?manifest=${encodeURIComponent(manifestUrl)}`);
    await log.waitFor((r) => isTile(r) && r.status === 200, 60_000);
    await log.quiet(1500, 60_000);
    const atHome = (await log.responses()).filter(isTile).length;

    // Zoom towards the centre of the OpenSeadragon canvas as a user would, one wheel notch at a time.
    const canvas = page.locator('.openseadragon-canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < WHEEL_STEPS; i++) {
      await page.mouse.wheel(0, -300);
      await log.quiet(1000, 60_000);
    }
    const spread = await pixelSpread(await canvas.screenshot());

    const responses = await log.responses();
    const tiles = responses.filter(isTile);
    const finest = Math.min(...tiles.map(scaleOf));
    console.log(
      `[e2e mirador] ${responses.length} responses; ${tiles.length} tiles (${atHome} at home), finest scale ${finest}; ` +
        `manifest and info.json ${responses.filter((r) => r.url.includes('/manifest/') || r.url.endsWith('/info.json')).length}`,
    );
    expect(log.failed).toEqual([]);
    expect(responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`)).toEqual([]);
    expect(responses.some((r) => r.url === manifestUrl)).toBe(true);
    for (const r of responses.filter(isImage)) {
      expect(r.headers['content-type'], r.url).toBe('image/jpeg');
      expect(r.headers['server-timing'], r.url).toMatch(/^(passthrough|transcode)\b/);
    }
    expect(tiles.length, 'zooming in fetched more tiles').toBeGreaterThan(atHome);
    expect(finest, 'zoomed in down to full-resolution tiles').toBe(1);
    expect(spread, 'spread of the OpenSeadragon canvas').toBeGreaterThan(15);
  });
});
