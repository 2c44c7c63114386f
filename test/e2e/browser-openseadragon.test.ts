/**
 * OpenSeadragon on the Worker's own /viewer page, in Debian's Chromium, against `wrangler dev`: a deep
 * zoom from the smallest level to full resolution, panning so that every tile of every level is asked
 * for. Every IIIF response must be a 200 with the right Content-Type and a Server-Timing header whose
 * first entry (README § Routes) says which path served it: every tile passes through, the partial
 * right-edge column too (served from the builder's exact-size edge copies; issue 4). Also: a missing image
 * shows the viewer's failure state (OpenSeadragon 'open-failed').
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, freePortPair, launchBrowser, NetworkLog, pixelSpread, servedBy } from '../helpers/node-browser';
import { type LocalServer, seedObject, startServer } from '../helpers/node-server';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const TOUR_SCRIPT = join(import.meta.dirname, 'pages', 'osd-tour.js');
const VIEWPORT = { width: 640, height: 480 };

const IMAGES = [
  { id: 'samples/chart', file: 'chart-1000x700-t256-q90.tif' },
  { id: 'pages/gray-600x900', file: 'gray-600x900-t256.tif' },
] as const;

interface Geometry {
  readonly width: number;
  readonly height: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly scaleFactors: readonly number[];
}

interface TileAsked {
  readonly url: string;
  /** Full-resolution region (Image API 3.0 §4.1) with `full` resolved, and the output width. */
  readonly x: number;
  readonly w: number;
  readonly outW: number;
  readonly key: string;
}

function geometryOf(info: { width: number; height: number; tiles: { width: number; height?: number; scaleFactors: number[] }[] }): Geometry {
  const tile = info.tiles[0]!;
  return { width: info.width, height: info.height, tileWidth: tile.width, tileHeight: tile.height ?? tile.width, scaleFactors: tile.scaleFactors };
}

/** Every tile the info.json's grid promises (Image API 3.0 §5.6), as `scale:col:row`. */
function promisedTiles(g: Geometry): string[] {
  const keys: string[] = [];
  for (const s of g.scaleFactors) {
    const cols = Math.ceil(g.width / (g.tileWidth * s));
    const rows = Math.ceil(g.height / (g.tileHeight * s));
    for (let col = 0; col < cols; col++) for (let row = 0; row < rows; row++) keys.push(`${s}:${col}:${row}`);
  }
  return keys;
}

/** `…/{region}/{size}/0/default.jpg` as OpenSeadragon writes it (region `full` or x,y,w,h; size `max` or w,h). */
function parseTile(url: string, g: Geometry): TileAsked {
  const [region, size] = new URL(url).pathname.split('/').slice(-4) as [string, string];
  const [x, y, w, h] = region === 'full' ? [0, 0, g.width, g.height] : (region.split(',').map(Number) as [number, number, number, number]);
  const outW = size === 'max' ? w : Number(size.split(',')[0]);
  // The level's scale factor: region width over output width, to the nearest power of two.
  const scale = 2 ** Math.round(Math.log2(w / outW));
  expect(h, `${url}: region height`).toBeGreaterThan(0);
  return { url, x, w, outW, key: `${scale}:${Math.floor(x / (g.tileWidth * scale))}:${Math.floor(y / (g.tileHeight * scale))}` };
}

/** Whether a tile is in the partial right-edge column (stored padded; served from its exact-size copy). */
function isPartialRightEdge(t: TileAsked, g: Geometry): boolean {
  return t.x + t.w === g.width && t.outW < g.tileWidth;
}

async function openViewer(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['state'] !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => document.body.dataset['state']!);
}

/** Spread of the viewer's central area (away from the navigator and the buttons) on screen. */
async function centreSpread(page: Page): Promise<number> {
  const box = (await page.locator('#viewer').boundingBox())!;
  const clip = { x: box.x + box.width / 4, y: box.y + box.height / 4, width: box.width / 2, height: box.height / 2 };
  return pixelSpread(await page.screenshot({ clip }));
}

describe('OpenSeadragon on /viewer (Chromium, wrangler dev)', () => {
  let server: LocalServer;
  let browser: BrowserSession;
  let persistTo: string;

  beforeAll(async () => {
    persistTo = await mkdtemp(join(tmpdir(), 'iiif-e2e-osd-'));
    for (const image of IMAGES) await seedObject(persistTo, `${image.id}.tif`, join(FIXTURES, image.file));
    server = await startServer({ port: await freePortPair(8900, 8999), persistTo });
    browser = await launchBrowser(VIEWPORT);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  for (const image of IMAGES) {
    it(`deep-zooms ${image.id}: every tile of every level, all 200, all passthrough (right-edge column included)`, async () => {
      const page = await browser.context.newPage();
      const log = new NetworkLog(page);
      const service = `${server.url}/iiif/3/${encodeURIComponent(image.id)}`;
      expect(await openViewer(page, `${server.url}/viewer/${encodeURIComponent(image.id)}`)).toBe('open');

      const g = geometryOf(await (await fetch(`${service}/info.json`)).json());
      // OpenSeadragon loads a level only while one of its pixels covers at least half a screen pixel
      // (minPixelRatio 0.5). At image zoom 0.7/s a level-s pixel covers 0.7 screen pixels and the next finer
      // level's 0.35, so each level in turn is the finest one loaded; then full resolution.
      const zooms = [...[...g.scaleFactors].sort((a, b) => b - a).map((s) => 0.7 / s), 1];
      const stops: number[] = await page.addScriptTag({ path: TOUR_SCRIPT }).then(() =>
        page.evaluate((z) => (window as unknown as { osdTour(z: number[]): Promise<number[]> }).osdTour(z), zooms),
      );
      const spread = await centreSpread(page);
      await page.close();

      const iiif = (await log.responses()).filter((r) => new URL(r.url).pathname.startsWith('/iiif/'));
      for (const r of iiif) {
        expect(r.status, r.url).toBe(200);
        // Server-Timing's first entry names the path: `info` for info.json, how the bytes were made for a tile.
        const timingWant = r.url.endsWith('/info.json') ? /^info, r2;dur=/ : /^(passthrough|transcode), r2;dur=/;
        expect(r.headers['server-timing'] ?? '', `${r.url}: Server-Timing`).toMatch(timingWant);
        const want = r.url.endsWith('/info.json') ? 'application/ld+json' : 'image/jpeg';
        expect(r.headers['content-type'], r.url).toContain(want);
      }
      expect(log.failed).toEqual([]);

      // One verdict per distinct tile; a repeat (derivative cache hit) reports the path that made the bytes.
      const tiles = new Map<string, { tile: TileAsked; paths: string[] }>();
      for (const r of iiif.filter((r) => r.url.endsWith('.jpg'))) {
        const entry = tiles.get(r.url) ?? { tile: parseTile(r.url, g), paths: [] };
        entry.paths.push(servedBy(r.headers)!);
        tiles.set(r.url, entry);
      }
      const asked = new Set([...tiles.values()].map((t) => t.tile.key));
      expect(promisedTiles(g).filter((k) => !asked.has(k)), 'tiles never requested (scale:col:row)').toEqual([]);

      // Counted from what each response says (its first answer; repeats must say the same).
      const byPath: Record<string, number> = { passthrough: 0, transcode: 0 };
      let rightEdge = 0;
      const notPassthrough: string[] = [];
      for (const { tile, paths } of tiles.values()) {
        expect(paths, `${tile.url}: every answer for one tile names the same path`).toEqual(paths.map(() => paths[0]));
        byPath[paths[0]!] = (byPath[paths[0]!] ?? 0) + 1;
        if (paths[0] !== 'passthrough') notPassthrough.push(`${tile.url} (right edge: ${isPartialRightEdge(tile, g)}): ${paths[0]}`);
        if (isPartialRightEdge(tile, g)) rightEdge++;
      }
      const total = tiles.size;
      const pct = (n: number) => ((100 * n) / total).toFixed(1);
      console.log(
        `[e2e osd] ${image.id} ${g.width}×${g.height}: ${total} distinct tiles over ${stops.join('+')} stops; ` +
          `passthrough ${byPath.passthrough} (${pct(byPath.passthrough)}%), transcode ${byPath.transcode} (${pct(byPath.transcode)}%); ` +
          `centre spread ${spread.toFixed(1)}`,
      );
      expect(notPassthrough, 'tiles not answered by passthrough').toEqual([]);
      expect(byPath).toEqual({ passthrough: total, transcode: 0 });
      expect(rightEdge, 'these images have a partial right-edge column at every level').toBeGreaterThan(0);

      // The drawn image varies; an empty viewer is one flat background colour (spread 0).
      expect(spread, 'centre spread of the screenshot').toBeGreaterThan(15);
    });
  }

  it('shows the failure state for an image that does not exist (open-failed)', async () => {
    const page = await browser.context.newPage();
    const log = new NetworkLog(page);
    expect(await openViewer(page, `${server.url}/viewer/${encodeURIComponent('samples/no-such-image')}`)).toBe('failed');
    const status = await page.locator('#status').textContent();
    await page.close();
    expect(status).toMatch(/^failed: HTTP 404 /);
    const info = (await log.responses()).filter((r) => r.url.endsWith('/info.json'));
    expect(info.map((r) => r.status)).toEqual([404]);
  });
});
