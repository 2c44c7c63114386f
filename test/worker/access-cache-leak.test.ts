/**
 * The cache-leak sequence (docs/ARCHITECTURE.md §3 step 2: access is decided before any cache lookup): an allowed
 * caller fetches restricted content (and tiered content at full resolution), which fills the derivative
 * cache, the pyramid index caches and gives an ETag; then callers without access ask for exactly the same
 * URLs — anonymously, with the allowed response's ETag in If-None-Match, as a known identity that is not
 * allowed, with the allowed person's expired Access token or expired viewer token, and with a viewer token
 * used from another site. None of them may get the restricted bytes or a 304 that confirms them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueViewerToken } from '../../src/auth';
import type { Env } from '../../src/env';
import {
  accessTeam,
  accessToken,
  call,
  credentials,
  IDS,
  PEOPLE,
  SECRET,
  seedAccessImages,
  seg,
  STRANGER_SITE,
  VIEWER,
  viewerToken,
  type Carrier,
} from '../helpers/worker-access';

let env: Env;
/** Valid credentials of the allowed person, one per way of presenting them. */
const valid: Partial<Record<Carrier, string>> = {};

/** Refused credentials are logged with their reason (docs/ACCESS.md); kept here to check, not printed. */
const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
afterAll(() => warnings.mockRestore());

beforeAll(async () => {
  env = (await accessTeam()).env;
  await seedAccessImages();
  valid.cookie = await accessToken(PEOPLE.allowed);
  valid.header = await accessToken(PEOPLE.allowed);
  valid.bearer = await viewerToken(env, PEOPLE.allowed, VIEWER);
});

interface Served {
  readonly status: number;
  readonly etag: string | null;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly timing: string;
}

async function fetchAs(path: string, headers: Record<string, string>, method = 'GET'): Promise<Served> {
  const res = await call(env, path, { method, headers });
  return {
    status: res.status,
    etag: res.headers.get('ETag'),
    body: new Uint8Array(await res.arrayBuffer()),
    contentType: res.headers.get('Content-Type') ?? '',
    timing: res.headers.get('Server-Timing') ?? '',
  };
}

/** The allowed person, presenting the credential as `carrier` (a viewer token goes with its origin). */
function allowedHeaders(carrier: Carrier): Record<string, string> {
  const h = credentials(carrier, valid[carrier]!);
  return carrier === 'bearer' ? { ...h, Origin: VIEWER } : h;
}

interface Intruder {
  readonly name: string;
  /** Request headers; `etag` is the allowed response's ETag. */
  readonly headers: (etag: string) => Promise<Record<string, string>>;
  /** Status for restricted content (tiered full-resolution content: always 403). */
  readonly restricted: 401 | 403;
}

const expiredViewerToken = async () =>
  (
    await issueViewerToken(
      { email: PEOPLE.allowed, groups: [], source: 'access' },
      VIEWER,
      new TextEncoder().encode(SECRET),
      Date.now() - 10 * 60_000
    )
  ).accessToken;

const INTRUDERS: Intruder[] = [
  { name: 'anonymous', headers: async () => ({}), restricted: 401 },
  { name: 'anonymous with the ETag', headers: async (etag) => ({ 'If-None-Match': etag }), restricted: 401 },
  { name: 'anonymous with If-None-Match *', headers: async () => ({ 'If-None-Match': '*' }), restricted: 401 },
  {
    name: 'a known identity not allowed, with the ETag',
    headers: async (etag) => ({ ...credentials('cookie', await accessToken(PEOPLE.denied)), 'If-None-Match': etag }),
    restricted: 403,
  },
  {
    name: 'the allowed person with an expired Access cookie',
    headers: async (etag) => ({ ...credentials('cookie', await accessToken(PEOPLE.allowed, -120)), 'If-None-Match': etag }),
    restricted: 401,
  },
  {
    name: 'the allowed person with an expired Access header',
    headers: async () => credentials('header', await accessToken(PEOPLE.allowed, -120)),
    restricted: 401,
  },
  {
    name: 'the allowed person with an expired viewer token',
    headers: async (etag) => ({ ...credentials('bearer', await expiredViewerToken()), Origin: VIEWER, 'If-None-Match': etag }),
    restricted: 401,
  },
  {
    name: "a viewer token replayed from another site",
    headers: async (etag) => ({ ...credentials('bearer', valid.bearer!), Origin: STRANGER_SITE, 'If-None-Match': etag }),
    restricted: 401,
  },
];

const CARRIERS: Carrier[] = ['cookie', 'header', 'bearer'];

/**
 * Fetches `path` as the allowed person with every carrier: all get 200 with the same bytes and ETag, and
 * the repeat is a derivative-cache hit (so an intruder that reached the cache would find the bytes).
 */
async function allowedFirst(path: string, cached: boolean): Promise<Served> {
  const first = await fetchAs(path, allowedHeaders('cookie'));
  expect(first.status).toBe(200);
  expect(first.etag).not.toBeNull();
  for (const carrier of CARRIERS) {
    const again = await fetchAs(path, allowedHeaders(carrier));
    expect(again.status, carrier).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.etag).toBe(first.etag);
    if (cached) expect(again.timing).toMatch(/cache;[^,]*desc="?hit/);
  }
  // The allowed ETag does give the allowed person a 304.
  const revalidated = await fetchAs(path, { ...allowedHeaders('cookie'), 'If-None-Match': first.etag! });
  expect(revalidated.status).toBe(304);
  return first;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function expectNoLeak(got: Served, allowed: Served, status: number, what: string): void {
  expect(got.status, what).toBe(status);
  expect(got.contentType, what).not.toMatch(/^image\//);
  expect(got.body.length > 0 && sameBytes(got.body, allowed.body), what).toBe(false);
}

const RESTRICTED_IMAGES = [
  `/iiif/3/${seg(IDS.restricted)}/0,0,256,256/256,256/0/default.jpg`,
  `/iiif/3/${seg(IDS.restricted)}/full/200,/0/default.png`,
  `/iiif/2/${seg(IDS.restricted)}/256,256,256,256/256,/0/default.jpg`,
  `/iiif/3/${seg(IDS.restricted)}/full/max/0/gray.webp`,
];

describe('restricted image: allowed first, then the same URLs without access', () => {
  it.each(RESTRICTED_IMAGES)('%s', async (path) => {
    const allowed = await allowedFirst(path, true);
    expect(allowed.contentType).toMatch(/^image\//);
    for (const intruder of INTRUDERS) {
      for (const method of ['GET', 'HEAD']) {
        const got = await fetchAs(path, await intruder.headers(allowed.etag!), method);
        expectNoLeak(got, allowed, intruder.restricted, `${method} ${intruder.name}`);
      }
    }
  });

  it.each([3, 2] as const)('info.json %i: the whole document under 401/403, never a 304', async (v) => {
    const path = `/iiif/${v}/${seg(IDS.restricted)}/info.json`;
    const allowed = await allowedFirst(path, false);
    for (const intruder of INTRUDERS) {
      const got = await fetchAs(path, await intruder.headers(allowed.etag!));
      expect(got.status, intruder.name).toBe(intruder.restricted);
      // Auth 1.0 §3.1: the client reads the services from the denied info.json.
      expect(JSON.parse(new TextDecoder().decode(got.body))).toHaveProperty('service');
    }
  });

  it.each([
    `/iiif/3/${seg(IDS.restricted)}/capped/info.json`,
    `/iiif/3/${seg(IDS.restricted)}/capped/0,0,250,175/250,175/0/default.jpg`,
  ])('a restricted image has no capped tier to slip through: %s', async (path) => {
    for (const headers of [{}, allowedHeaders('cookie')]) {
      expect((await fetchAs(path, headers)).status).toBe(404);
    }
  });
});

const TIERED_FULL = [
  `/iiif/3/${seg(IDS.tiered)}/0,0,256,256/256,256/0/default.jpg`,
  `/iiif/3/${seg(IDS.tiered)}/full/max/0/default.jpg`,
  `/iiif/2/${seg(IDS.tiered)}/512,0,488,512/488,/0/default.jpg`,
  `/iiif/3/${seg(IDS.tiered)}/pct:25,25,50,50/500,/0/default.jpg`,
];

describe('tiered image at full resolution: allowed first, then the same URLs without access', () => {
  it.each(TIERED_FULL)('%s', async (path) => {
    const allowed = await allowedFirst(path, true);
    for (const intruder of INTRUDERS) {
      const got = await fetchAs(path, await intruder.headers(allowed.etag!));
      expectNoLeak(got, allowed, 403, intruder.name);
      expect(new TextDecoder().decode(got.body)).toMatch(/up to 500 px/);
    }
  });

  it.each([3, 2] as const)('info.json %i: intruders are sent to the capped tier, never a 304', async (v) => {
    const path = `/iiif/${v}/${seg(IDS.tiered)}/info.json`;
    const allowed = await allowedFirst(path, false);
    expect(JSON.parse(new TextDecoder().decode(allowed.body))).toMatchObject({ width: 1000, height: 700 });
    for (const intruder of INTRUDERS) {
      const res = await call(env, path, { headers: await intruder.headers(allowed.etag!) });
      expect(res.status, intruder.name).toBe(302);
      expect(res.headers.get('Location')).toMatch(/\/capped\/info\.json$/);
    }
  });

  it('a request within the cap is keyed by tier: the allowed ETag does not revalidate the capped bytes', async () => {
    const path = `/iiif/3/${seg(IDS.tiered)}/0,0,512,512/256,256/0/default.jpg`;
    const allowed = await allowedFirst(path, true);
    const anonymous = await fetchAs(path, { 'If-None-Match': allowed.etag! });
    expect(anonymous.status).toBe(200);
    expect(anonymous.etag).not.toBe(allowed.etag);
  });
});

describe('refused credentials', () => {
  it('are logged with their reason, which the response does not show', async () => {
    const path = `/iiif/3/${seg(IDS.restricted)}/0,0,256,256/256,256/0/default.jpg`;
    for (const intruder of INTRUDERS.filter((i) => /expired|another site/.test(i.name))) {
      warnings.mockClear();
      const got = await fetchAs(path, await intruder.headers('"x"'));
      const logged = warnings.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(logged, intruder.name).toMatch(/auth: ignoring (Access cookie|Access header|bearer token): token (expired|used from another origin)/);
      expect(new TextDecoder().decode(got.body)).not.toMatch(/expired|origin|token/);
    }
  });
});
