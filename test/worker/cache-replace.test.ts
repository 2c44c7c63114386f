/**
 * Replacing a stored pyramid (same key, new content, new R2 etag) never serves the old pixels once the
 * new etag is seen: after REVALIDATE_SECONDS the cached index is checked (one HEAD) and the derivative
 * cache key changes with the etag; inside the window, a tile read pinned to the old etag (R2 onlyIf)
 * fails, and the request reopens the new version instead of mixing the two. Expected bytes come from the
 * same request on an identifier that only ever held the new content.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';

/** Two pyramids of the same geometry (1000×700, 256 tiles) with different stored bytes. */
const OLD = fixtureBytes('chart');
const NEW = fixtureBytes('vips');

const PATHS = {
  passthrough: 'AREA/0,0,256,256/256,256/0/default.jpg',
  otherTile: 'AREA/256,0,256,256/256,256/0/default.jpg',
  mosaic: 'AREA/0,0,512,512/256,/0/default.png',
};

// One env object per configuration: the entry rebuilds its app when the env object changes.
const SHORT_WINDOW: Env = { ...env, REVALIDATE_SECONDS: '1' };
const LONG_WINDOW: Env = { ...env, REVALIDATE_SECONDS: '3600' };

interface Served {
  readonly status: number;
  readonly etag: string | null;
  readonly timing: string;
  readonly body: Uint8Array;
}

/** One request through the Worker entry, waiting for its background work (Cache API writes). */
async function serve(config: Env, id: string, path: string): Promise<Served> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/iiif/3/${path.replace('AREA', id)}`), config, ctx);
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { status: res.status, etag: res.headers.get('ETag'), timing: res.headers.get('Server-Timing') ?? '', body };
}

const cacheDesc = (s: Served) => /cache;dur=[\d.]+;desc="(\w+)"/.exec(s.timing)?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** What each path gives for the new content when nothing old was ever seen. */
const expected = new Map<string, Served>();
const expectedOld = new Map<string, Served>();

beforeAll(async () => {
  await env.IMAGES.put('only-new.tif', NEW);
  await env.IMAGES.put('only-old.tif', OLD);
  for (const path of Object.values(PATHS)) {
    expected.set(path, await serve(LONG_WINDOW, 'only-new', path));
    expectedOld.set(path, await serve(LONG_WINDOW, 'only-old', path));
  }
});

describe('the two versions really differ', () => {
  it.each(Object.values(PATHS))('%s', (path) => {
    expect(expected.get(path)!.status).toBe(200);
    expect(same(expected.get(path)!.body, expectedOld.get(path)!.body)).toBe(false);
    expect(expected.get(path)!.etag).not.toBe(expectedOld.get(path)!.etag);
  });
});

describe('after REVALIDATE_SECONDS', () => {
  // Every case is set up first, then one wait covers them all (the window is 1 s).
  const cases = Object.entries(PATHS).map(([name, path]) => ({ id: `reval-${name}`, path }));
  const before = new Map<string, Served>();

  beforeAll(async () => {
    for (const { id, path } of [...cases, { id: 'reval-removed', path: PATHS.passthrough }]) {
      await env.IMAGES.put(`${id}.tif`, OLD);
      before.set(id, await serve(SHORT_WINDOW, id, path));
      before.set(`${id}#again`, await serve(SHORT_WINDOW, id, path));
    }
    await Promise.all(cases.map(({ id }) => env.IMAGES.put(`${id}.tif`, NEW)));
    await env.IMAGES.delete('reval-removed.tif');
    await sleep(1_100);
  });

  it.each(cases)('$path: the same URL gives the new pixels and a new ETag', async ({ id, path }) => {
    const old = before.get(id)!;
    expect(same(old.body, expectedOld.get(path)!.body)).toBe(true);
    expect(cacheDesc(before.get(`${id}#again`)!)).toBe('hit');

    const after = await serve(SHORT_WINDOW, id, path);
    expect(after.status).toBe(200);
    expect(cacheDesc(after)).toBe('miss');
    expect(same(after.body, expected.get(path)!.body)).toBe(true);
    expect(after.etag).not.toBe(old.etag);
    expect(after.etag).toBe(expected.get(path)!.etag);

    const again = await serve(SHORT_WINDOW, id, path);
    expect(cacheDesc(again)).toBe('hit');
    expect(same(again.body, expected.get(path)!.body)).toBe(true);
  });

  it('a removed object is a 404, not its cached pixels', async () => {
    expect(before.get('reval-removed')!.status).toBe(200);
    const after = await serve(SHORT_WINDOW, 'reval-removed', PATHS.passthrough);
    expect(after.status).toBe(404);
    expect(after.body.length).toBeLessThan(1_000);
  });
});

describe('inside the revalidation window', () => {
  it.each([
    { name: 'one stored tile', path: PATHS.otherTile },
    { name: 'a mosaic of four tiles', path: PATHS.mosaic },
  ])('$name: a read pinned to the old etag reopens the new version', async ({ name, path }) => {
    const id = `pinned-${name.replace(/\W/g, '')}`;
    await env.IMAGES.put(`${id}.tif`, OLD);
    // Opens (and caches) the old index; this tile is not the one asked for next.
    expect((await serve(LONG_WINDOW, id, PATHS.passthrough)).status).toBe(200);

    await env.IMAGES.put(`${id}.tif`, NEW);
    const after = await serve(LONG_WINDOW, id, path);
    expect(after.status).toBe(200);
    expect(same(after.body, expected.get(path)!.body)).toBe(true);
    expect(after.etag).toBe(expected.get(path)!.etag);

    // The reopened index now serves everything: even the tile cached under the old etag is new.
    const first = await serve(LONG_WINDOW, id, PATHS.passthrough);
    expect(cacheDesc(first)).toBe('miss');
    expect(same(first.body, expected.get(PATHS.passthrough)!.body)).toBe(true);
  });

  it('an object removed under a cached index is a 404 for tiles never served', async () => {
    const id = 'pinned-removed';
    await env.IMAGES.put(`${id}.tif`, OLD);
    expect((await serve(LONG_WINDOW, id, PATHS.passthrough)).status).toBe(200);
    await env.IMAGES.delete(`${id}.tif`);
    expect((await serve(LONG_WINDOW, id, PATHS.otherTile)).status).toBe(404);
  });
});
