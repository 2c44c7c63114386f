/**
 * When the catalogue fails or is slow, manifests and collections answer 503 with Retry-After (and a JSON
 * reason), and images, info.json and tiles keep working: they never touch D1. Faults are injected by wrapping
 * the real D1 catalogue (errors, answers later than the timeout), and by a broken CATALOG binding through the
 * Worker's own entry.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadAuthConfig } from '../../src/auth';
import { NO_DERIVATIVE_STORE } from '../../src/cache/derivative-cache';
import { D1Catalog } from '../../src/catalog/d1-catalog';
import { guardCatalog, RETRY_AFTER_S } from '../../src/catalog/guard';
import { loadConfig, type Vars } from '../../src/config';
import type { Env } from '../../src/env';
import { ImageStore, NO_INDEX_STORE } from '../../src/service/image-store';
import { PyramidCache } from '../../src/tiff/pyramid-cache';
import { call } from '../helpers/worker-access';
import { seedBook } from '../helpers/worker-catalog';
import { faultyCatalog, type Fault } from '../helpers/worker-faulty-catalog';
import { ORIGIN } from '../helpers/worker-fixtures';

const TIMEOUT_MS = 100;
let fault: Fault = { kind: 'none' };

const vars = { ...(env as unknown as Vars), CATALOG_TIMEOUT_MS: String(TIMEOUT_MS) };
const config = loadConfig(vars);
const app = createApp({
  config,
  auth: loadAuthConfig(vars),
  store: new ImageStore(env.IMAGES, config, new PyramidCache(), { indexStore: NO_INDEX_STORE }),
  bucket: env.IMAGES,
  derivatives: NO_DERIVATIVE_STORE,
  cacheSalt: 'test',
  catalog: (e) => guardCatalog(faultyCatalog(new D1Catalog(e.CATALOG), () => fault), config.catalogTimeoutMs),
});

async function get(path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`), env, ctx);
  const body = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(body, { status: res.status, headers: res.headers });
}

const PRESENTATION = ['/iiif/manifest/mss%2Fhours', '/iiif/manifest/no-record', '/iiif/collection', '/iiif/collection/mss'];
const IMAGES = ['/iiif/3/mss%2Fhours%2F001/info.json', '/iiif/2/mss%2Fhours%2F001/info.json', '/iiif/3/mss%2Fhours%2F001/0,0,256,256/256,/0/default.jpg', '/iiif/3/mss%2Fhours%2F002/full/max/0/default.png'];

beforeAll(seedBook);

describe.each([
  ['fails', { kind: 'error', message: 'D1_ERROR: Network connection lost.' }],
  ['answers later than the timeout', { kind: 'slow', ms: TIMEOUT_MS * 5 }],
] as const)('when the catalogue %s', (_name, injected) => {
  it.each(PRESENTATION)('%s → 503 with Retry-After and a JSON reason', async (path) => {
    fault = injected;
    const started = Date.now();
    const res = await get(path);
    fault = { kind: 'none' };
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe(String(RETRY_AFTER_S));
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const body = (await res.json()) as { status: number; error: string };
    expect(body.status).toBe(503);
    expect(body.error).toMatch(/catalogue/);
    // The client is not told D1's internals.
    expect(body.error).not.toMatch(/Network connection/);
    if (injected.kind === 'slow') expect(Date.now() - started).toBeLessThan(injected.ms);
  });

  it.each(IMAGES)('%s still works', async (path) => {
    fault = injected;
    const res = await get(path);
    fault = { kind: 'none' };
    expect(res.status).toBe(200);
  });
});

it.each(PRESENTATION)('%s: one failed catalogue call is retried, and the answer is whole', async (path) => {
  const whole = await get(path);
  const flaky: Fault = { kind: 'errors', message: 'D1_ERROR: Network connection lost.', times: 1 };
  fault = flaky;
  const res = await get(path);
  fault = { kind: 'none' };
  expect(flaky.times).toBe(0);
  expect(res.status).toBe(whole.status);
  expect(await res.text()).toBe(await whole.text());
});

it('two failures in a row → 503', async () => {
  fault = { kind: 'errors', message: 'D1_ERROR: Network connection lost.', times: 2 };
  const res = await get('/iiif/manifest/mss%2Fhours');
  fault = { kind: 'none' };
  expect(res.status).toBe(503);
  expect((await get('/iiif/manifest/mss%2Fhours')).status).toBe(200);
});

it('recovers as soon as the catalogue answers again', async () => {
  expect((await get('/iiif/manifest/mss%2Fhours')).status).toBe(200);
});

describe('a broken CATALOG binding, through the Worker entry', () => {
  const broken = {
    prepare() {
      throw new Error('D1_ERROR: no such database');
    },
    batch() {
      return Promise.reject(new Error('D1_ERROR: no such database'));
    },
    withSession() {
      return broken;
    },
  };
  const never = {
    prepare: (sql: string) => env.CATALOG.prepare(sql),
    batch: () => new Promise(() => {}),
    withSession: () => never,
  };
  it.each([
    ['failing', broken, '500'],
    ['hanging', never, '50'],
  ])('%s: manifests 503, tiles 200', async (_name, db, timeout) => {
    const e = { ...env, CATALOG: db as unknown as D1Database, CATALOG_TIMEOUT_MS: timeout } as Env;
    const res = await call(e, '/iiif/manifest/mss%2Fhours');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe(String(RETRY_AFTER_S));
    expect((await call(e, '/iiif/3/mss%2Fhours%2F001/full/100,/0/default.jpg')).status).toBe(200);
  });
});
