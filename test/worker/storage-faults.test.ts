/**
 * R2 faults through the real Worker (issue: hardening, "Faults of R2"): a failed or slow call is retried once
 * (reads are safe to repeat), a second fault is a 503 with Retry-After and a reason, an object replaced twice
 * mid-request is a 503 too; nothing of a failed request is cached (the next clean request is a cache miss and
 * byte-identical to a request that never saw a fault).
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import worker from '../../src/index';
import { faultyBucket, sleep, type FaultScript } from '../helpers/faulty-bucket';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';

const TIMEOUT_MS = 150;

interface Served {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly ms: number;
}

async function serve(config: Env, path: string): Promise<Served> {
  const ctx = createExecutionContext();
  const t0 = Date.now();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`), config, ctx);
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body, ms: Date.now() - t0 };
}

/** An env whose IMAGES binding runs `script`; a fresh object, so the Worker builds its app for it. */
function faulty(script: FaultScript) {
  const f = faultyBucket(env.IMAGES, script);
  return { config: { ...env, IMAGES: f.bucket, R2_TIMEOUT_MS: String(TIMEOUT_MS) } as Env, calls: f.calls };
}

const clean = (): Env => ({ ...env, R2_TIMEOUT_MS: String(TIMEOUT_MS) }) as Env;
const fail = (): never => {
  throw new Error('injected R2 fault');
};
const cacheDesc = (s: Served) => /cache;dur=[\d.]+;desc="(\w+)"/.exec(s.headers.get('Server-Timing') ?? '')?.[1];

/** The transcoded 256-px PNG of the top-left 512² of the chart: one tile read after the open. */
const MOSAIC = (id: string) => `/iiif/3/${id}/0,0,512,512/256,/0/default.png`;

async function seedAs(id: string): Promise<void> {
  await env.IMAGES.put(`${id}.tif`, fixtureBytes('chart'));
}

async function reference(): Promise<Uint8Array> {
  await seedAs('reference');
  const ok = await serve(clean(), MOSAIC('reference'));
  expect(ok.status).toBe(200);
  return ok.body;
}

describe('R2 faults', () => {
  it('one failed tile read is retried and the answer is right', async () => {
    const expected = await reference();
    await seedAs('once');
    // GET 1 opens the object (the head); GET 2 is the first tile read.
    const { config, calls } = faulty({ get: (n) => (n === 2 ? fail() : undefined) });
    const res = await serve(config, MOSAIC('once'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    expect(calls.get).toBe(3);
  });

  it('two failed tile reads → 503 with Retry-After and a reason; nothing cached; the next request is whole', async () => {
    const expected = await reference();
    await seedAs('twice');
    const { config } = faulty({ get: (n) => (n === 2 || n === 3 ? fail() : undefined) });
    const res = await serve(config, MOSAIC('twice'));
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(new TextDecoder().decode(res.body)).toMatch(/^storage did not answer GET twice\.tif \(tried twice\)$/m);

    const after = await serve(clean(), MOSAIC('twice'));
    expect(after.status).toBe(200);
    expect(cacheDesc(after)).toBe('miss');
    expect(after.body).toEqual(expected);
  });

  it('an open that fails twice → 503; no index is kept, so the next request opens afresh', async () => {
    await seedAs('open-fails');
    const { config } = faulty({ get: () => fail() });
    const res = await serve(config, '/iiif/3/open-fails/info.json');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    const ok = await serve(clean(), '/iiif/3/open-fails/info.json');
    expect(ok.status).toBe(200);
  });

  it('a slow answer is abandoned after the timeout and retried', async () => {
    const expected = await reference();
    await seedAs('slow-once');
    const { config } = faulty({ get: async (n) => (n === 2 ? sleep(TIMEOUT_MS * 4) : undefined) });
    const res = await serve(config, MOSAIC('slow-once'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
  });

  it('storage that keeps being slow → 503 within about two timeouts, not a hang', async () => {
    await seedAs('slow-always');
    const { config } = faulty({ get: async () => sleep(TIMEOUT_MS * 10) });
    const res = await serve(config, '/iiif/3/slow-always/info.json');
    expect(res.status).toBe(503);
    expect(new TextDecoder().decode(res.body)).toMatch(/storage did not answer GET slow-always\.tif/);
    expect(res.ms).toBeLessThan(TIMEOUT_MS * 10);
  });

  it('an object replaced before every tile read → 503 (SourceBusy) with Retry-After, never mixed bytes', async () => {
    await seedAs('moving');
    let version = 0;
    const { config } = faulty({
      get: async (n, key) => {
        // Each tile read finds a new version of the object (its etag changes): pinned reads fail.
        if (n >= 2) await env.IMAGES.put(key, fixtureBytes(version++ % 2 === 0 ? 'vips' : 'chart'));
      },
    });
    const res = await serve(config, MOSAIC('moving'));
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('1');
    expect(new TextDecoder().decode(res.body)).toMatch(/replaced twice/);
  });

  it('a failed revalidation HEAD is retried; twice → 503, and the cached index is not used blindly', async () => {
    await seedAs('revalidate');
    const first = await serve({ ...clean(), REVALIDATE_SECONDS: '1' } as Env, '/iiif/3/revalidate/info.json');
    expect(first.status).toBe(200);
    await sleep(1100);
    const { config } = faulty({ head: () => fail() });
    const res = await serve({ ...config, REVALIDATE_SECONDS: '1' } as Env, '/iiif/3/revalidate/info.json');
    expect(res.status).toBe(503);
  });
});
