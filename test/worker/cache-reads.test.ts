/**
 * What R2 is asked, counted two ways: by the Worker's own Server-Timing (`r2;desc="N reads"`) and by a
 * counting wrapper around the real R2 binding passed as env.IMAGES. A cold isolate (its PyramidCache
 * emptied) finds the index in the Cache API with no R2 read; a stale cached index costs one HEAD; N
 * concurrent requests for the same uncached tile, or the same cold index, make one R2 read in total.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { forgetAllPyramids } from '../../src/tiff/pyramid-cache';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real binding, with get/head calls counted and (optionally) held back `delayMs` so reads overlap. */
function countingBucket(inner: R2Bucket, delayMs = 0) {
  const calls = { get: 0, head: 0 };
  const bucket = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== 'get' && prop !== 'head') return value.bind(target);
      return async (...args: unknown[]) => {
        calls[prop] += 1;
        if (delayMs > 0) await sleep(delayMs);
        return value.apply(target, args);
      };
    },
  });
  return { bucket, calls, reset: () => Object.assign(calls, { get: 0, head: 0 }) };
}

interface Served {
  readonly status: number;
  readonly timing: string;
  readonly body: Uint8Array;
}

async function serve(config: Env, path: string): Promise<Served> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`), config, ctx);
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { status: res.status, timing: res.headers.get('Server-Timing') ?? '', body };
}

/** R2 reads this request made itself, and reads it took from another request's read in flight. */
function r2(s: Served) {
  const m = /r2;dur=[\d.]+;desc="(\d+) reads?(?:, (\d+) shared)?"/.exec(s.timing);
  if (m === null) throw new Error(`no r2 entry in ${s.timing}`);
  return { reads: Number(m[1]), shared: Number(m[2] ?? 0) };
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const CHART = fixtureBytes('chart');
const tile = (id: string, x = 0, y = 0) => `/iiif/3/${id}/${x},${y},256,256/256,256/0/default.jpg`;

describe('a cold isolate gets the index from the Cache API', () => {
  const counted = countingBucket(env.IMAGES);
  const config: Env = { ...env, IMAGES: counted.bucket };

  beforeAll(async () => {
    await env.IMAGES.put('cold.tif', CHART);
  });

  it('info.json: no R2 call at all; the first tile request reads only its tile', async () => {
    const first = await serve(config, '/iiif/3/cold/info.json');
    expect(first.status).toBe(200);
    expect(r2(first).reads).toBe(1);
    expect(counted.calls.get).toBe(1);

    forgetAllPyramids();
    counted.reset();
    const cold = await serve(config, '/iiif/3/cold/info.json');
    expect(cold.status).toBe(200);
    expect(same(cold.body, first.body)).toBe(true);
    expect(r2(cold)).toEqual({ reads: 0, shared: 0 });
    expect(counted.calls).toEqual({ get: 0, head: 0 });

    forgetAllPyramids();
    const tileRes = await serve(config, tile('cold', 256));
    expect(tileRes.status).toBe(200);
    expect(r2(tileRes).reads).toBe(1);
    expect(counted.calls).toEqual({ get: 1, head: 0 });
  });
});

describe('a stale cached index costs one HEAD, and is trusted again after it', () => {
  const counted = countingBucket(env.IMAGES);
  const config: Env = { ...env, IMAGES: counted.bucket, REVALIDATE_SECONDS: '1' };

  it('memory and Cache API entries past REVALIDATE_SECONDS are confirmed with one HEAD', async () => {
    await env.IMAGES.put('stale.tif', CHART);
    expect((await serve(config, '/iiif/3/stale/info.json')).status).toBe(200);
    await sleep(1_100);

    // Stale in memory: one HEAD, no GET.
    counted.reset();
    const inMemory = await serve(config, '/iiif/3/stale/info.json');
    expect(inMemory.status).toBe(200);
    expect(r2(inMemory).reads).toBe(1);
    expect(counted.calls).toEqual({ get: 0, head: 1 });

    // The confirmation was written back to the Cache API: a cold isolate trusts it without R2.
    forgetAllPyramids();
    counted.reset();
    const cold = await serve(config, '/iiif/3/stale/info.json');
    expect(r2(cold).reads).toBe(0);
    expect(counted.calls).toEqual({ get: 0, head: 0 });

    // Stale in the Cache API, cold isolate: one HEAD, no GET.
    await sleep(1_100);
    forgetAllPyramids();
    counted.reset();
    const staleCold = await serve(config, '/iiif/3/stale/info.json');
    expect(staleCold.status).toBe(200);
    expect(counted.calls).toEqual({ get: 0, head: 1 });
  });
});

describe('concurrent requests in one isolate share R2 reads', () => {
  const N = 6;
  // Every R2 call is held back 50 ms, so all N requests are waiting on the first one's read.
  const counted = countingBucket(env.IMAGES, 50);
  const config: Env = { ...env, IMAGES: counted.bucket };

  beforeAll(async () => {
    await env.IMAGES.put('crowd.tif', CHART);
    await env.IMAGES.put('crowd-cold.tif', CHART);
    expect((await serve(config, '/iiif/3/crowd/info.json')).status).toBe(200);
  });

  it(`${N} requests for the same uncached tile → one R2 read in total, the same bytes for all`, async () => {
    counted.reset();
    const all = await Promise.all(Array.from({ length: N }, () => serve(config, tile('crowd'))));
    expect(all.map((s) => s.status)).toEqual(Array(N).fill(200));
    expect(all.reduce((n, s) => n + r2(s).reads, 0)).toBe(1);
    // The others either took the one read in flight or the whole response made once (render coalescing).
    const sharedOrCoalesced = all.filter((s) => r2(s).shared > 0 || s.timing.includes('coalesced;')).length;
    expect(sharedOrCoalesced).toBe(N - 1);
    expect(counted.calls).toEqual({ get: 1, head: 0 });
    expect(all.every((s) => same(s.body, all[0]!.body))).toBe(true);
  });

  it(`${N} requests for a mosaic → one read per byte run, not per request`, async () => {
    const path = '/iiif/3/crowd/0,0,700,500/350,/0/default.png';
    const alone = countingBucket(env.IMAGES);
    const reference = await serve({ ...env, IMAGES: alone.bucket, MAX_AREA: String(Number(env.MAX_AREA) - 1) }, path);
    const runs = r2(reference).reads;
    expect(runs).toBeGreaterThan(0);
    counted.reset();
    const all = await Promise.all(Array.from({ length: N }, () => serve(config, path)));
    expect(all.reduce((n, s) => n + r2(s).reads, 0)).toBe(runs);
    expect(counted.calls.get).toBe(runs);
    expect(all.every((s) => same(s.body, reference.body))).toBe(true);
  });

  it('different tiles at the same time are read separately', async () => {
    counted.reset();
    const all = await Promise.all([tile('crowd', 512), tile('crowd', 0, 256)].map((path) => serve(config, path)));
    expect(all.map((s) => s.status)).toEqual([200, 200]);
    expect(all.map((s) => r2(s))).toEqual([
      { reads: 1, shared: 0 },
      { reads: 1, shared: 0 },
    ]);
    expect(counted.calls.get).toBe(2);
  });

  it(`${N} requests for a cold index → one ranged read of the head`, async () => {
    counted.reset();
    const all = await Promise.all(Array.from({ length: N }, () => serve(config, '/iiif/3/crowd-cold/info.json')));
    expect(all.map((s) => s.status)).toEqual(Array(N).fill(200));
    expect(counted.calls).toEqual({ get: 1, head: 0 });
    expect(all.every((s) => same(s.body, all[0]!.body))).toBe(true);
  });
});
