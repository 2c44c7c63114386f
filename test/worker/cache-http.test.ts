/**
 * HTTP caching of open content through the Worker: ETag with If-None-Match → 304 without a body and with
 * the headers a 200 would carry (RFC 9110 §13.1.2, §15.4.5), another ETag → 200, a replaced source
 * invalidates the old ETag; Cache-Control `public, max-age=CACHE_MAX_AGE, immutable` for open content and
 * `no-store` for errors; Cache-Tag `iiif:<encoded id>` on responses and on what the derivative cache
 * stores (the Cache API keeps it for purge by tag).
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CacheApiStore, cacheTagFor, derivativeCacheUrl } from '../../src/cache/derivative-cache';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';

async function call(config: Env, path: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: Uint8Array }> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { headers }), config, ctx);
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { res, body };
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const DEFAULTS: Env = { ...env };
const SHORT_AGE: Env = { ...env, CACHE_MAX_AGE: '600' };
const SHORT_WINDOW: Env = { ...env, REVALIDATE_SECONDS: '1' };

const PATHS = {
  info: '/iiif/3/ID/info.json',
  passthrough: '/iiif/3/ID/0,0,256,256/256,256/0/default.jpg',
  transcode: '/iiif/3/ID/full/200,/0/default.png',
  v2: '/iiif/2/ID/full/150,/0/gray.jpg',
};
const at = (path: string, rawId: string) => path.replace('ID', rawId);

beforeAll(async () => {
  await env.IMAGES.put('http.tif', fixtureBytes('chart'));
  await env.IMAGES.put('maps/sheet 1.tif', fixtureBytes('chart'));
});

describe('If-None-Match', () => {
  it.each(Object.entries(PATHS))('%s: the ETag → 304, empty, same ETag and caching headers; another ETag → 200', async (_name, path) => {
    const first = await call(DEFAULTS, at(path, 'http'));
    const etag = first.res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const hit = await call(DEFAULTS, at(path, 'http'), { 'If-None-Match': etag });
    expect(hit.res.status).toBe(304);
    expect(hit.body.length).toBe(0);
    expect(hit.res.headers.get('ETag')).toBe(etag);
    for (const name of ['Cache-Control', 'Cache-Tag', 'Access-Control-Allow-Origin']) {
      expect(hit.res.headers.get(name), name).toBe(first.res.headers.get(name));
    }

    const other = await call(DEFAULTS, at(path, 'http'), { 'If-None-Match': '"not-this-one"' });
    expect(other.res.status).toBe(200);
    expect(same(other.body, first.body)).toBe(true);
  });

  it('a 304 for a cached derivative needs no R2 read', async () => {
    const path = at(PATHS.transcode, 'http');
    const { res } = await call(DEFAULTS, path);
    const again = await call(DEFAULTS, path, { 'If-None-Match': res.headers.get('ETag')! });
    expect(again.res.status).toBe(304);
    expect(again.res.headers.get('Server-Timing')).toMatch(/r2;dur=[\d.]+;desc="0 reads"/);
  });

  it('after the source is replaced, the old ETag gets the new image (200), the new one a 304', async () => {
    await env.IMAGES.put('http-swap.tif', fixtureBytes('chart'));
    const path = at(PATHS.passthrough, 'http-swap');
    const old = await call(SHORT_WINDOW, path);
    const oldEtag = old.res.headers.get('ETag')!;
    await env.IMAGES.put('http-swap.tif', fixtureBytes('vips'));
    await new Promise((r) => setTimeout(r, 1_100));

    const fresh = await call(SHORT_WINDOW, path, { 'If-None-Match': oldEtag });
    expect(fresh.res.status).toBe(200);
    expect(same(fresh.body, old.body)).toBe(false);
    const newEtag = fresh.res.headers.get('ETag')!;
    expect(newEtag).not.toBe(oldEtag);
    expect((await call(SHORT_WINDOW, path, { 'If-None-Match': newEtag })).res.status).toBe(304);
  });
});

describe('Cache-Control', () => {
  it.each(Object.entries(PATHS))('%s: public, CACHE_MAX_AGE, immutable', async (_name, path) => {
    expect((await call(DEFAULTS, at(path, 'http'))).res.headers.get('Cache-Control')).toBe(`public, max-age=${env.CACHE_MAX_AGE}, immutable`);
    expect((await call(SHORT_AGE, at(path, 'http'))).res.headers.get('Cache-Control')).toBe('public, max-age=600, immutable');
  });

  it.each([
    { status: 400, path: '/iiif/3/http/full/0,/0/default.jpg' },
    { status: 404, path: '/iiif/3/missing/info.json' },
    { status: 404, path: '/iiif/3/missing/full/100,/0/default.jpg' },
    { status: 400, path: '/iiif/3/http/full/max/45/default.jpg' },
  ])('$status for $path: no-store, no ETag', async ({ status, path }) => {
    const { res } = await call(DEFAULTS, path);
    expect(res.status).toBe(status);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('ETag')).toBeNull();
  });
});

describe('Cache-Tag', () => {
  it.each([
    { rawId: 'http', tag: 'iiif:http' },
    { rawId: 'maps%2Fsheet%201', tag: 'iiif:maps%2Fsheet%201' },
  ])('$rawId → $tag on info.json, images and 304s', async ({ rawId, tag }) => {
    for (const path of Object.values(PATHS)) {
      const { res } = await call(DEFAULTS, at(path, rawId));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Cache-Tag'), path).toBe(tag);
      const again = await call(DEFAULTS, at(path, rawId), { 'If-None-Match': res.headers.get('ETag')! });
      expect(again.res.headers.get('Cache-Tag'), path).toBe(tag);
    }
  });

  it('the derivative cache stores entries with the same tag (the Cache API honours Cache-Tag on put)', async () => {
    const store = new CacheApiStore('cache-http-test');
    const id = 'maps/sheet 1';
    const url = derivativeCacheUrl({ tier: 'open', sourceEtag: 'e1', version: 3, variant: 'main', id, canonical: 'full/max/0/default.jpg', salt: 's' });
    await store.put(url, { body: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg', path: 'passthrough' }, 60);
    const raw = await (await caches.open('cache-http-test')).match(url);
    expect(raw?.headers.get('Cache-Tag')).toBe(cacheTagFor(id));
    expect(cacheTagFor(id)).toBe('iiif:maps%2Fsheet%201');
    const back = await store.get(url);
    expect(back && Array.from(new Uint8Array(back.body))).toEqual([1, 2, 3]);
    expect(back?.path).toBe('passthrough');
  });
});
