/**
 * HTTP behaviour of the Image API routes through the real Worker: CORS on every response, errors included
 * (3.0 §7 and the cors feature of level 2), preflight, Link profile and canonical headers (3.0 §6.1/§4.7),
 * ETag with If-None-Match → 304 (RFC 9110 §13.1.2), HEAD with the GET headers and no body (RFC 9110 §9.3.2),
 * and the 303 from the base URI (3.0 §2, baseUriRedirect).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { get, ORIGIN, seed } from '../helpers/worker-fixtures';

const PATHS = {
  info3: '/iiif/3/chart/info.json',
  info2: '/iiif/2/chart/info.json',
  passthrough: '/iiif/3/chart/0,0,256,256/256,256/0/default.jpg',
  transcode: '/iiif/3/chart/full/200,/0/default.png',
  image2: '/iiif/2/chart/full/200,/0/gray.jpg',
};

beforeAll(async () => {
  await seed('chart');
});

describe('CORS on every response', () => {
  it.each([
    { path: PATHS.info3, status: 200 },
    { path: PATHS.info2, status: 200 },
    { path: PATHS.passthrough, status: 200 },
    { path: PATHS.transcode, status: 200 },
    { path: '/iiif/3/chart', status: 303 },
    { path: '/iiif/2/chart', status: 303 },
    { path: '/iiif/3/chart/full/0,/0/default.jpg', status: 400 },
    { path: '/iiif/3/missing/info.json', status: 404 },
    { path: '/iiif/3/chart/full/max/45/default.jpg', status: 400 },
    { path: '/no/such/route', status: 404 },
  ])('$status for $path', async ({ path, status }) => {
    const res = await get(path, { headers: { Origin: 'https://viewer.example' }, redirect: 'manual' });
    expect(res.status).toBe(status);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('exposes the headers a viewer script reads', async () => {
    const res = await get(PATHS.passthrough, { headers: { Origin: 'https://viewer.example' } });
    const exposed = (res.headers.get('Access-Control-Expose-Headers') ?? '').split(/,\s*/).map((h) => h.toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['link', 'etag', 'server-timing']));
  });

  it.each([PATHS.info3, PATHS.passthrough, '/iiif/3/missing/info.json'])('preflight OPTIONS %s', async (path) => {
    const res = await get(path, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://viewer.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Methods')).toMatch(/GET/);
    expect((res.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase()).toContain('authorization');
    expect(await res.text()).toBe('');
  });
});

describe('Link headers', () => {
  it.each([
    { path: PATHS.info3, profile: 'http://iiif.io/api/image/3/level2.json', canonical: null },
    { path: PATHS.info2, profile: 'http://iiif.io/api/image/2/level2.json', canonical: null },
    {
      path: '/iiif/3/chart/pct:0,0,50,50/,175/0/default.jpg',
      profile: 'http://iiif.io/api/image/3/level2.json',
      canonical: `${ORIGIN}/iiif/3/chart/0,0,500,350/250,175/0/default.jpg`,
    },
    {
      path: '/iiif/2/chart/pct:0,0,50,50/,175/0/default.jpg',
      profile: 'http://iiif.io/api/image/2/level2.json',
      canonical: `${ORIGIN}/iiif/2/chart/0,0,500,350/250,/0/default.jpg`,
    },
  ])('$path', async ({ path, profile, canonical }) => {
    const link = (await get(path)).headers.get('Link') ?? '';
    expect(link).toContain(`<${profile}>;rel="profile"`);
    if (canonical === null) expect(link).not.toContain('rel="canonical"');
    else expect(link).toContain(`<${canonical}>;rel="canonical"`);
  });

  it('the canonical URL serves the same image with the same canonical Link and ETag', async () => {
    const first = await get('/iiif/3/chart/pct:0,0,50,50/,175/0/default.jpg');
    const canonical = /<([^>]+)>;rel="canonical"/.exec(first.headers.get('Link') ?? '')![1]!;
    const again = await get(canonical.slice(ORIGIN.length));
    expect(again.status).toBe(200);
    expect(again.headers.get('Link')).toBe(first.headers.get('Link'));
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
  });
});

describe('ETag and If-None-Match', () => {
  it.each(Object.entries(PATHS))('%s: 304 without a body, with CORS and the same ETag', async (_name, path) => {
    const res = await get(path);
    const etag = res.headers.get('ETag');
    expect(etag).toMatch(/^"[^"]+"$/);
    await res.arrayBuffer();
    for (const condition of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await get(path, { headers: { 'If-None-Match': condition } });
      expect(again.status, condition).toBe(304);
      expect(again.headers.get('ETag')).toBe(etag);
      expect(again.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
    const stale = await get(path, { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('differs between requests for different pixels of the same image', async () => {
    const etags = await Promise.all(
      ['full/100,/0/default.jpg', 'full/100,/0/gray.jpg', 'full/100,/90/default.jpg', 'full/100,/0/default.png'].map(
        async (p) => (await get(`/iiif/3/chart/${p}`)).headers.get('ETag'),
      ),
    );
    expect(new Set(etags).size).toBe(etags.length);
  });

  it('is the same for two spellings of one canonical request', async () => {
    const a = (await get('/iiif/3/chart/full/500,/0/default.jpg')).headers.get('ETag');
    const b = (await get('/iiif/3/chart/0,0,1000,700/500,350/0/default.jpg')).headers.get('ETag');
    expect(a).toBe(b);
  });
});

describe('HEAD', () => {
  it.each(Object.entries(PATHS))('%s: the GET status and headers, no body', async (_name, path) => {
    const got = await get(path);
    await got.arrayBuffer();
    const head = await get(path, { method: 'HEAD' });
    expect(head.status).toBe(got.status);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    for (const name of ['Content-Type', 'ETag', 'Link', 'Access-Control-Allow-Origin', 'Cache-Control']) {
      expect(head.headers.get(name), name).toBe(got.headers.get(name));
    }
  });

  it('HEAD of an error keeps its status', async () => {
    expect((await get('/iiif/3/missing/info.json', { method: 'HEAD' })).status).toBe(404);
    expect((await get('/iiif/3/chart/full/0,/0/default.jpg', { method: 'HEAD' })).status).toBe(400);
  });
});

describe('base URI redirect', () => {
  it.each([
    { path: '/iiif/3/chart', location: `${ORIGIN}/iiif/3/chart/info.json` },
    { path: '/iiif/3/chart/', location: `${ORIGIN}/iiif/3/chart/info.json` },
    { path: '/iiif/2/chart', location: `${ORIGIN}/iiif/2/chart/info.json` },
    { path: '/iiif/3/folder%2Fchart', location: `${ORIGIN}/iiif/3/folder%2Fchart/info.json` },
  ])('$path → 303 $location', async ({ path, location }) => {
    const res = await get(path, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(location);
  });

  it('a client that follows the redirect gets the info.json', async () => {
    const info = await get('/iiif/3/chart');
    expect(info.status).toBe(200);
    expect(((await info.json()) as { id: string }).id).toBe(`${ORIGIN}/iiif/3/chart`);
  });
});

describe('Cache-Control and Server-Timing', () => {
  it.each([PATHS.info3, PATHS.passthrough, PATHS.transcode])('%s is publicly cacheable and timed', async (path) => {
    const res = await get(path);
    expect(res.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    expect(res.headers.get('Server-Timing')).toMatch(/^(info|passthrough|transcode), .*total;dur=/);
  });
});
