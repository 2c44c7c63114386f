/**
 * Committed pyramid fixtures (test/fixtures/README.md) for the workerd tests: their bytes, seeded into the
 * test's own R2 binding under the Worker's default key template (`{id}.tif`), plus a request helper that
 * goes through the real Worker entry.
 */
import { env, exports } from 'cloudflare:workers';
import be from '../fixtures/be-chart-1000x700-t256-q90.tif?inline';
import truncated from '../fixtures/chart-1000x700-t256-q90-truncated.tif?inline';
import chart from '../fixtures/chart-1000x700-t256-q90.tif?inline';
import oneByOne from '../fixtures/chart-1x1-t256.tif?inline';
import odd257 from '../fixtures/chart-257x257-t256.tif?inline';
import bigtiff from '../fixtures/chart-600x400-t256-bigtiff.tif?inline';
import t512 from '../fixtures/chart-600x400-t512.tif?inline';
import deflate from '../fixtures/deflate-pyramid-500x350.tif?inline';
import gray from '../fixtures/gray-600x900-t256.tif?inline';
import grayNone from '../fixtures/gray-none-pyramid-300x200.tif?inline';
import lzw from '../fixtures/lzw-pyramid-500x350.tif?inline';
import none from '../fixtures/none-pyramid-200x150-t128.tif?inline';
import rgb16 from '../fixtures/rgb16-pyramid-200x150.tif?inline';
import vips from '../fixtures/vips-pyramid-1000x700-jpeg.tif?inline';
import vipsOdd from '../fixtures/vips-pyramid-999x701-jpeg.tif?inline';
import subifd from '../fixtures/vips-subifd-1000x700-jpeg.tif?inline';
import gdalCog from '../fixtures/gdal-cog-1000x700-jpeg.tif?inline';

/** Fixture data URLs by short name. */
const FIXTURES = {
  chart,
  gray,
  bigtiff,
  t512,
  oneByOne,
  odd257,
  be,
  truncated,
  vips,
  vipsOdd,
  subifd,
  gdalCog,
  deflate,
  none,
  grayNone,
  lzw,
  rgb16,
} as const;

export type FixtureName = keyof typeof FIXTURES;

/** The fixture's bytes, decoded from the data URL Vite made of it. */
export function fixtureBytes(name: FixtureName): Uint8Array<ArrayBuffer> {
  const url = FIXTURES[name];
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || !url.slice(0, comma).endsWith(';base64')) {
    throw new Error(`fixture ${name} is not a base64 data URL`);
  }
  const text = atob(url.slice(comma + 1));
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** Stores a fixture in the test's R2 bucket so that `/iiif/{v}/{id}/…` finds it (default template). */
export async function seed(name: FixtureName, id: string = name): Promise<void> {
  await env.IMAGES.put(`${id}.tif`, fixtureBytes(name));
}

/** Seeds every fixture under its own name. */
export async function seedAll(): Promise<void> {
  await Promise.all((Object.keys(FIXTURES) as FixtureName[]).map((n) => seed(n)));
}

export const ORIGIN = 'http://iiif.test';

/** A request through the Worker's default export, as a client would send it. */
export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, init);
}
