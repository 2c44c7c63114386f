/**
 * The access matrix through the real Worker: open / restricted / tiered collections × anonymous / allowed
 * / known-but-not-allowed callers × info.json (3.0 and 2.1), image tiles (full resolution and within the
 * tiered cap), the IIIF Auth 2.0 probe and manifests. Statuses follow Auth 2.0 §5.2 (401 = signing in may
 * help, 403 = it will not) and Auth 1.0 §3 (restricted info.json sent whole under 401/403; a tiered one
 * redirects to its capped tier); Cache-Control and CORS follow docs/ACCESS.md.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { ORIGIN } from '../helpers/worker-fixtures';
import {
  accessTeam,
  accessToken,
  call,
  credentials,
  IDS,
  MAX_SIZE,
  PEOPLE,
  seedAccessImages,
  seg,
  STRANGER_SITE,
  VIEWER,
  type PolicyName,
} from '../helpers/worker-access';

type Who = 'anonymous' | 'allowed' | 'denied';
type Resource = 'info3' | 'info2' | 'tileFull' | 'tileCapped' | 'probe';

const AUTH2 = 'http://iiif.io/api/auth/2/context.json';
const AUTH1_LOGIN = 'http://iiif.io/api/auth/1/login';

/** A tile at full resolution, and the same corner at half scale (within the 500 px cap of 1000×700). */
function path(policy: PolicyName, resource: Resource): string {
  const id = seg(IDS[policy]);
  switch (resource) {
    case 'info3':
      return `/iiif/3/${id}/info.json`;
    case 'info2':
      return `/iiif/2/${id}/info.json`;
    case 'tileFull':
      return `/iiif/3/${id}/0,0,256,256/256,256/0/default.jpg`;
    case 'tileCapped':
      return `/iiif/3/${id}/0,0,512,512/256,256/0/default.jpg`;
    case 'probe':
      return `/iiif/3/${id}/probe`;
  }
}

/** Expected HTTP status of each resource (the probe: the status in its body; the probe itself is 200). */
const EXPECTED: Record<PolicyName, Record<Who, Record<Resource, number>>> = {
  open: {
    anonymous: { info3: 200, info2: 200, tileFull: 200, tileCapped: 200, probe: 200 },
    allowed: { info3: 200, info2: 200, tileFull: 200, tileCapped: 200, probe: 200 },
    denied: { info3: 200, info2: 200, tileFull: 200, tileCapped: 200, probe: 200 },
  },
  restricted: {
    anonymous: { info3: 401, info2: 401, tileFull: 401, tileCapped: 401, probe: 401 },
    allowed: { info3: 200, info2: 200, tileFull: 200, tileCapped: 200, probe: 200 },
    denied: { info3: 403, info2: 403, tileFull: 403, tileCapped: 403, probe: 403 },
  },
  tiered: {
    anonymous: { info3: 302, info2: 302, tileFull: 403, tileCapped: 200, probe: 401 },
    allowed: { info3: 200, info2: 200, tileFull: 200, tileCapped: 200, probe: 200 },
    denied: { info3: 302, info2: 302, tileFull: 403, tileCapped: 200, probe: 403 },
  },
};

let env: Env;
const tokens: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  env = (await accessTeam()).env;
  await seedAccessImages();
  tokens.allowed = await accessToken(PEOPLE.allowed);
  tokens.denied = await accessToken(PEOPLE.denied);
});

function ask(policy: PolicyName, who: Who, resource: Resource, origin: string | null): Promise<Response> {
  const token = tokens[who];
  const headers: Record<string, string> = token === undefined ? {} : credentials('cookie', token);
  if (origin !== null) headers['Origin'] = origin;
  return call(env, path(policy, resource), { headers });
}

const CASES = (['open', 'restricted', 'tiered'] as const).flatMap((policy) =>
  (['anonymous', 'allowed', 'denied'] as const).flatMap((who) =>
    (['info3', 'info2', 'tileFull', 'tileCapped', 'probe'] as const).map((resource) => ({
      policy,
      who,
      resource,
      status: EXPECTED[policy][who][resource],
    }))
  )
);

describe('status, Cache-Control and CORS', () => {
  it.each(CASES)('$policy × $who × $resource → $status', async ({ policy, who, resource, status }) => {
    for (const origin of [VIEWER, STRANGER_SITE]) {
      const res = await ask(policy, who, resource, origin);
      const isImage = (res.headers.get('Content-Type') ?? '').startsWith('image/');
      const body = isImage ? '' : await res.text();
      if (status === 200 && resource.startsWith('tile')) expect(res.headers.get('Content-Type')).toBe('image/jpeg');
      const seen = resource === 'probe' ? (JSON.parse(body) as { status: number }).status : res.status;
      expect(seen, `${origin}: ${body.slice(0, 200)}`).toBe(status);
      if (resource === 'probe') expect(res.status).toBe(200);

      const cacheControl = res.headers.get('Cache-Control') ?? '';
      if (policy === 'open' && resource !== 'probe') {
        expect(cacheControl).toMatch(/^public, max-age=\d+/);
      } else {
        expect(cacheControl).toMatch(/(^|,\s*)no-store/);
        expect(cacheControl).not.toMatch(/public|max-age/);
        if (status === 200 || status === 302 || resource.startsWith('info')) expect(cacheControl).toBe('private, no-store');
      }

      const allowOrigin = res.headers.get('Access-Control-Allow-Origin');
      const allowCredentials = res.headers.get('Access-Control-Allow-Credentials');
      if (policy === 'open' && resource !== 'probe') {
        expect(allowOrigin).toBe('*');
        expect(allowCredentials).toBeNull();
      } else if (origin === VIEWER) {
        // A configured viewer is reflected, with credentials, and caches are told the answer varies.
        expect(allowOrigin).toBe(VIEWER);
        expect(allowCredentials).toBe('true');
        expect(res.headers.get('Vary') ?? '').toMatch(/Origin/);
      } else {
        // Any other site: never credentialed; full-resolution content not readable at all.
        expect(allowCredentials).toBeNull();
        expect(allowOrigin).not.toBe(STRANGER_SITE);
        const servedFull = policy !== 'open' && who === 'allowed' && resource !== 'probe';
        expect(allowOrigin).toBe(servedFull ? null : '*');
      }
    }
  });

  it.each([
    { policy: 'restricted' as const, reason: /restricted: sign in/ },
    { policy: 'tiered' as const, reason: new RegExp(`up to ${MAX_SIZE} px`) },
  ])('denials of $policy tiles say why', async ({ policy, reason }) => {
    const res = await ask(policy, 'anonymous', 'tileFull', null);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(reason);
  });

  it('a denied tile of a known identity names who was refused', async () => {
    const res = await ask('restricted', 'denied', 'tileFull', null);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(PEOPLE.denied);
  });

  it.each(['info3', 'info2'] as const)('tiered %s redirects to the capped tier', async (resource) => {
    for (const who of ['anonymous', 'denied'] as const) {
      const res = await ask('tiered', who, resource, null);
      const v = resource === 'info3' ? 3 : 2;
      expect(res.headers.get('Location')).toBe(`${ORIGIN}/iiif/${v}/${seg(IDS.tiered)}/capped/info.json`);
    }
  });
});

describe('the probe (IIIF Auth 2.0 §5.2)', () => {
  it.each([
    { policy: 'open' as const, who: 'anonymous' as const, substitute: false },
    { policy: 'restricted' as const, who: 'anonymous' as const, substitute: false },
    { policy: 'restricted' as const, who: 'denied' as const, substitute: false },
    { policy: 'restricted' as const, who: 'allowed' as const, substitute: false },
    { policy: 'tiered' as const, who: 'anonymous' as const, substitute: true },
    { policy: 'tiered' as const, who: 'denied' as const, substitute: true },
    { policy: 'tiered' as const, who: 'allowed' as const, substitute: false },
  ])('$policy × $who: substitute $substitute', async ({ policy, who, substitute }) => {
    const res = await ask(policy, who, 'probe', VIEWER);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('Vary') ?? '').toMatch(/Authorization/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['@context']).toBe(AUTH2);
    expect(body['type']).toBe('AuthProbeResult2');
    if (substitute) {
      expect(body['substitute']).toEqual([
        expect.objectContaining({ id: `${ORIGIN}/iiif/3/${seg(IDS.tiered)}/capped`, type: 'ImageService3' }),
      ]);
    } else {
      expect(body).not.toHaveProperty('substitute');
    }
    if (body['status'] !== 200) expect(body).toHaveProperty('heading');
  });
});

/** The service blocks of an info.json or manifest image service, by type or profile. */
function findService(services: unknown, match: (s: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  return (Array.isArray(services) ? (services as Record<string, unknown>[]) : []).find(match);
}

describe('info.json carries the auth services', () => {
  it.each(['restricted', 'tiered'] as const)('Image API 3.0, %s: Auth 2.0 context first, probe, Auth 1.0 cookie service', async (policy) => {
    // The allowed caller's 200 and the anonymous 401 (restricted) describe the same services.
    const who: Who[] = policy === 'restricted' ? ['allowed', 'anonymous'] : ['allowed'];
    for (const w of who) {
      const doc = (await (await ask(policy, w, 'info3', null)).json()) as Record<string, unknown>;
      expect(doc['@context']).toEqual([AUTH2, 'http://iiif.io/api/image/3/context.json']);
      const probe = findService(doc['service'], (s) => s['type'] === 'AuthProbeService2');
      expect(probe?.['id']).toBe(`${ORIGIN}/iiif/3/${seg(IDS[policy])}/probe`);
      const access = findService(probe?.['service'], (s) => s['type'] === 'AuthAccessService2');
      expect(access).toMatchObject({ id: `${ORIGIN}/auth/login`, profile: 'active' });
      const types = ((access?.['service'] ?? []) as Record<string, unknown>[]).map((s) => s['type']);
      expect(types).toEqual(expect.arrayContaining(['AuthAccessTokenService2', 'AuthLogoutService2']));
      const cookie = findService(doc['service'], (s) => s['@type'] === 'AuthCookieService1');
      expect(cookie).toMatchObject({ '@id': `${ORIGIN}/auth/login`, profile: AUTH1_LOGIN });
    }
  });

  it.each(['restricted', 'tiered'] as const)('Image API 2.1, %s: the Auth 1.0 cookie service with token and logout', async (policy) => {
    const doc = (await (await ask(policy, 'allowed', 'info2', null)).json()) as Record<string, unknown>;
    const cookie = findService(doc['service'], (s) => s['profile'] === AUTH1_LOGIN);
    expect(cookie).toMatchObject({ '@context': 'http://iiif.io/api/auth/1/context.json', '@id': `${ORIGIN}/auth/login` });
    const inner = (cookie?.['service'] ?? []) as Record<string, unknown>[];
    expect(inner.map((s) => s['profile'])).toEqual(['http://iiif.io/api/auth/1/token', 'http://iiif.io/api/auth/1/logout']);
    expect(inner[0]?.['@id']).toBe(`${ORIGIN}/auth/token1`);
  });

  it.each(['info3', 'info2'] as const)('open %s has no auth services', async (resource) => {
    const doc = (await (await ask('open', 'anonymous', resource, null)).json()) as Record<string, unknown>;
    expect(JSON.stringify(doc)).not.toMatch(/auth\/(1|2)|\/auth\//);
  });
});

interface Manifest {
  readonly '@context': unknown;
  readonly items: { items: { items: { body: { service: unknown } }[] }[] }[];
}

describe('manifests carry the services', () => {
  it.each([
    { policy: 'open' as const, auth: false },
    { policy: 'restricted' as const, auth: true },
    { policy: 'tiered' as const, auth: true },
  ])('$policy: auth services $auth', async ({ policy, auth }) => {
    // An anonymous caller may not see a restricted manifest at all (test/worker/access-refusals.test.ts).
    const callers = policy === 'restricted' ? (['allowed'] as const) : (['anonymous', 'allowed'] as const);
    for (const who of callers) {
      const token = tokens[who];
      const res = await call(env, `/iiif/manifest/${seg(IDS[policy])}`, { headers: token === undefined ? {} : credentials('cookie', token) });
      // A restricted image's manifest is for allowed identities only (docs/CATALOGUE.md, "Access").
      if (policy === 'restricted' && who === 'anonymous') {
        expect(res.status).toBe(401);
        continue;
      }
      expect(res.status).toBe(200);
      const doc = (await res.json()) as Manifest;
      const body = doc.items[0]!.items[0]!.items[0]!.body;
      const imageService = findService(body.service, (s) => s['type'] === 'ImageService3');
      expect(imageService?.['id']).toBe(`${ORIGIN}/iiif/3/${seg(IDS[policy])}`);
      const probe = findService(imageService?.['service'], (s) => s['type'] === 'AuthProbeService2');
      const cookie = findService(imageService?.['service'], (s) => s['@type'] === 'AuthCookieService1');
      if (auth) {
        // Auth 2.0 §2.1: the auth context first when the manifest embeds auth services.
        expect(doc['@context']).toEqual([AUTH2, 'http://iiif.io/api/presentation/3/context.json']);
        expect(probe?.['id']).toBe(`${ORIGIN}/iiif/3/${seg(IDS[policy])}/probe`);
        expect(cookie?.['profile']).toBe(AUTH1_LOGIN);
      } else {
        expect(doc['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
        expect(imageService).not.toHaveProperty('service');
      }
    }
  });
});
