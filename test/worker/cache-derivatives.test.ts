/**
 * The derivative cache (Cache API) through the Worker: a second identical request is a hit
 * (`cache;desc="hit"` in Server-Timing) with the same bytes, type and ETag and no R2 read, and keeps the
 * name of the path that first made the bytes; two spellings of one canonical request share one entry;
 * another configuration of limits (the cache salt) never hits the first one's entries.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';

interface Served {
  readonly status: number;
  readonly etag: string | null;
  readonly type: string | null;
  readonly timing: string;
  readonly body: Uint8Array;
}

async function serve(config: Env, path: string): Promise<Served> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`), config, ctx);
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { status: res.status, etag: res.headers.get('ETag'), type: res.headers.get('Content-Type'), timing: res.headers.get('Server-Timing') ?? '', body };
}

/** Server-Timing facts: the path named first, the derivative cache outcome and the R2 reads. */
function timing(s: Served) {
  return {
    path: s.timing.split(',')[0],
    cache: /cache;dur=[\d.]+;desc="(\w+)"/.exec(s.timing)?.[1],
    reads: Number(/r2;dur=[\d.]+;desc="(\d+) reads?/.exec(s.timing)?.[1]),
  };
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

// One env object per configuration (the entry rebuilds its app when the env object changes).
const DEFAULTS: Env = { ...env };
const OTHER_LIMITS: Env = { ...env, MAX_AREA: String(Number(env.MAX_AREA) - 1) };

beforeAll(async () => {
  await env.IMAGES.put('derived.tif', fixtureBytes('chart'));
  await env.IMAGES.put('salted.tif', fixtureBytes('chart'));
  // Opens the index, so the requests below are the first for their pixels, not for the index.
  expect((await serve(DEFAULTS, '/iiif/3/derived/info.json')).status).toBe(200);
});

describe('a second identical request is a hit', () => {
  it.each([
    { path: '/iiif/3/derived/0,0,256,256/256,256/0/default.jpg', made: 'passthrough', type: 'image/jpeg' },
    { path: '/iiif/3/derived/full/200,/0/default.jpg', made: 'transcode', type: 'image/jpeg' },
    { path: '/iiif/3/derived/full/150,/90/gray.png', made: 'transcode', type: 'image/png' },
    { path: '/iiif/3/derived/pct:10,10,30,30/!120,120/!0/default.webp', made: 'transcode', type: 'image/webp' },
    { path: '/iiif/2/derived/full/100,/0/bitonal.png', made: 'transcode', type: 'image/png' },
  ])('$path ($made)', async ({ path, made, type }) => {
    const first = await serve(DEFAULTS, path);
    expect(first.status).toBe(200);
    expect(timing(first)).toMatchObject({ path: made, cache: 'miss' });
    expect(timing(first).reads).toBeGreaterThan(0);

    const second = await serve(DEFAULTS, path);
    expect(second.status).toBe(200);
    expect(timing(second)).toEqual({ path: made, cache: 'hit', reads: 0 });
    expect(same(second.body, first.body)).toBe(true);
    expect(second.type).toBe(type);
    expect(second.etag).toBe(first.etag);
  });

  it('two spellings of one canonical request share the entry', async () => {
    // (A transcode: `full/250,` would be the smallest stored level, passed through.)
    const first = await serve(DEFAULTS, '/iiif/3/derived/full/240,/0/default.jpg');
    const other = await serve(DEFAULTS, '/iiif/3/derived/0,0,1000,700/240,168/0/default.jpg');
    expect(timing(first).cache).toBe('miss');
    expect(timing(other)).toEqual({ path: 'transcode', cache: 'hit', reads: 0 });
    expect(same(other.body, first.body)).toBe(true);
  });

  it('Image API 2 and 3 keep their own entries (their canonical forms and Link headers differ)', async () => {
    const v3 = await serve(DEFAULTS, '/iiif/3/derived/full/120,/0/default.jpg');
    const v2 = await serve(DEFAULTS, '/iiif/2/derived/full/120,/0/default.jpg');
    expect([timing(v3).cache, timing(v2).cache]).toEqual(['miss', 'miss']);
  });
});

describe('other limits never hit the first configuration’s entries', () => {
  it('same URL, same object: a miss under other limits, then a hit of its own', async () => {
    const path = '/iiif/3/salted/full/180,/0/default.jpg';
    const a = await serve(DEFAULTS, path);
    expect(timing(a).cache).toBe('miss');
    expect(timing(await serve(DEFAULTS, path)).cache).toBe('hit');

    const b = await serve(OTHER_LIMITS, path);
    expect(b.status).toBe(200);
    expect(timing(b).cache).toBe('miss');
    expect(timing(await serve(OTHER_LIMITS, path)).cache).toBe('hit');
    expect(timing(await serve(DEFAULTS, path)).cache).toBe('hit');
  });
});
