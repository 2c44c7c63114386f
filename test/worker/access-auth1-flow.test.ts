/**
 * The IIIF Auth 1.0 flow as Mirador performs it (Auth 1.0 §2 and §3), request by request through the
 * Worker: info.json answers 401 with its full body listing the login (cookie) service with its token and
 * logout services; the viewer opens the login service (here with the Access cookie, as if Access had just
 * signed the user in); it loads the token service with messageId and origin in a hidden iframe and reads
 * the `{accessToken, expiresIn, messageId}` the page posts to its origin; it asks for info.json again with
 * `Authorization: Bearer <accessToken>` and gets 200. The Auth 2.0 sequence (probe → token → probe) and
 * the tiered variant (302 → capped tier → sign in → full resolution) are checked the same way.
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
  PEOPLE,
  postedMessage,
  seedAccessImages,
  seg,
  STRANGER_SITE,
  VIEWER,
} from '../helpers/worker-access';

let env: Env;

beforeAll(async () => {
  env = (await accessTeam()).env;
  await seedAccessImages();
});

const AUTH1 = 'http://iiif.io/api/auth/1/';

interface CookieService {
  login: string;
  token: string;
  logout: string;
}

/** The login service and its token and logout services, as Mirador finds them in info.json. */
function cookieService(info: Record<string, unknown>): CookieService {
  const services = (info['service'] ?? []) as Record<string, unknown>[];
  const login = services.find((s) => s['profile'] === `${AUTH1}login`);
  if (login === undefined) throw new Error(`no login service in ${JSON.stringify(info).slice(0, 300)}`);
  const inner = (login['service'] ?? []) as Record<string, unknown>[];
  const byProfile = (p: string) => String(inner.find((s) => s['profile'] === `${AUTH1}${p}`)?.['@id']);
  return { login: String(login['@id']), token: byProfile('token'), logout: byProfile('logout') };
}

/** Path and query of an absolute URL on this Worker. */
function local(url: string): string {
  expect(url.startsWith(ORIGIN)).toBe(true);
  return url.slice(ORIGIN.length);
}

/** The token iframe: GET the token service with messageId and origin, read what the page posts. */
async function tokenFromIframe(token: string, cookie: string | null, origin = VIEWER) {
  const url = `${local(token)}?messageId=mirador-7&origin=${encodeURIComponent(origin)}`;
  const res = await call(env, url, { headers: cookie === null ? {} : credentials('cookie', cookie) });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
  // The iframe lives on the viewer's page: the token page must be framable (no frame-ancestors 'none').
  expect(res.headers.get('Content-Security-Policy') ?? '').not.toMatch(/frame-ancestors 'none'/);
  return postedMessage(await res.text());
}

describe.each([2, 3] as const)('Auth 1.0 with Image API %i, restricted image', (v) => {
  const info = `/iiif/${v}/${seg(IDS.restricted)}/info.json`;

  it('401 info.json → login → token page → info.json with the Bearer token → 200', async () => {
    // 1. Mirador loads info.json and finds it denied, with the services to offer.
    const denied = await call(env, info, { headers: { Origin: VIEWER } });
    expect(denied.status).toBe(401);
    const deniedDoc = (await denied.json()) as Record<string, unknown>;
    // Nothing that depends on the image itself (docs/ACCESS.md § What a refusal reveals), only its services.
    expect(deniedDoc).not.toHaveProperty('width');
    expect(deniedDoc).not.toHaveProperty('tiles');
    const services = cookieService(deniedDoc);
    expect(services).toEqual({ login: `${ORIGIN}/auth/login`, token: `${ORIGIN}/auth/token1`, logout: `${ORIGIN}/auth/logout` });

    // 2. The user opens the login service; Access has signed them in and set its cookie.
    const cookie = await accessToken(PEOPLE.allowed);
    const login = await call(env, local(services.login), { headers: credentials('cookie', cookie) });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain(PEOPLE.allowed);

    // 3. The hidden iframe loads the token service; the page posts the token to the viewer's origin.
    const { message, target } = await tokenFromIframe(services.token, cookie);
    expect(target).toBe(VIEWER);
    expect(message['messageId']).toBe('mirador-7');
    expect(message['expiresIn']).toBeGreaterThan(0);
    expect(message['expiresIn']).toBeLessThanOrEqual(300);
    expect(typeof message['accessToken']).toBe('string');
    expect(message['accessToken']).not.toBe(cookie);

    // 4. info.json again, with the token: 200, readable by the viewer with credentials.
    const bearer = { ...credentials('bearer', String(message['accessToken'])), Origin: VIEWER };
    const granted = await call(env, info, { headers: bearer });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('Access-Control-Allow-Origin')).toBe(VIEWER);
    expect(granted.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const grantedDoc = (await granted.json()) as Record<string, unknown>;
    expect(grantedDoc).toMatchObject({ width: 1000, height: 700 });
    expect(grantedDoc['service']).toEqual(deniedDoc['service']);
    // And the tiles the viewer then asks for.
    const tile = await call(env, `/iiif/${v}/${seg(IDS.restricted)}/0,0,256,256/256,/0/default.jpg`, { headers: bearer });
    expect(tile.status).toBe(200);
    expect(tile.headers.get('Content-Type')).toBe('image/jpeg');
  });

  it('the token service refuses without sign-in, and for a site that is not a configured viewer', async () => {
    const services = cookieService((await (await call(env, info)).json()) as Record<string, unknown>);
    // Auth 1.0 §2.2.6 error conditions, posted so the viewer can show them.
    const missing = await tokenFromIframe(services.token, null);
    expect(missing.message).toMatchObject({ error: 'missingCredentials', messageId: 'mirador-7' });
    expect(missing.message).not.toHaveProperty('accessToken');
    const cookie = await accessToken(PEOPLE.allowed);
    const stranger = await tokenFromIframe(services.token, cookie, STRANGER_SITE);
    expect(stranger.message).toMatchObject({ error: 'invalidOrigin' });
    expect(stranger.message).not.toHaveProperty('accessToken');
    const expired = await tokenFromIframe(services.token, await accessToken(PEOPLE.allowed, -120));
    expect(expired.message).toMatchObject({ error: 'invalidCredentials' });
  });

  it('a signed-in person who is not allowed gets a token, and then 403', async () => {
    const services = cookieService((await (await call(env, info)).json()) as Record<string, unknown>);
    const { message } = await tokenFromIframe(services.token, await accessToken(PEOPLE.denied));
    const res = await call(env, info, { headers: { ...credentials('bearer', String(message['accessToken'])), Origin: VIEWER } });
    expect(res.status).toBe(403);
  });

  it('logout clears the cookie', async () => {
    const services = cookieService((await (await call(env, info)).json()) as Record<string, unknown>);
    const res = await call(env, local(services.logout));
    expect(res.headers.get('Set-Cookie')).toMatch(/^CF_Authorization=;.*Max-Age=0/);
  });
});

describe('Auth 1.0 token lifetimes and bindings', () => {
  it('a viewer token never outlives the Access sign-in it came from', async () => {
    const { message } = await tokenFromIframe(`${ORIGIN}/auth/token1`, await accessToken(PEOPLE.allowed, 60));
    expect(message['expiresIn']).toBeGreaterThan(0);
    expect(message['expiresIn']).toBeLessThanOrEqual(60);
  });

  it('the direct token (no messageId, §2.2.3) is JSON for clients without an origin, refused from a page', async () => {
    const res = await call(env, '/auth/token1', { headers: credentials('cookie', await accessToken(PEOPLE.allowed)) });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const { accessToken: token } = (await res.json()) as { accessToken: string };
    const info = `/iiif/2/${seg(IDS.restricted)}/info.json`;
    expect((await call(env, info, { headers: credentials('bearer', token) })).status).toBe(200);
    expect((await call(env, info, { headers: { ...credentials('bearer', token), Origin: VIEWER } })).status).toBe(401);
    expect((await call(env, '/auth/token1')).status).toBe(401);
  });
});

describe('Auth 1.0, tiered image', () => {
  it('302 to the capped tier → its login service → token → full-resolution info.json and tiles', async () => {
    const main = `/iiif/2/${seg(IDS.tiered)}`;
    const redirect = await call(env, `${main}/info.json`, { headers: { Origin: VIEWER } });
    expect(redirect.status).toBe(302);
    const cappedInfo = (await (await call(env, local(redirect.headers.get('Location')!))).json()) as Record<string, unknown>;
    expect(cappedInfo).toMatchObject({ width: 500, height: 350 });
    const services = cookieService(cappedInfo);
    const { message } = await tokenFromIframe(services.token, await accessToken(PEOPLE.allowed));
    const bearer = { ...credentials('bearer', String(message['accessToken'])), Origin: VIEWER };
    const full = await call(env, `${main}/info.json`, { headers: bearer });
    expect(full.status).toBe(200);
    expect(await full.json()).toMatchObject({ width: 1000, height: 700 });
    expect((await call(env, `${main}/0,0,256,256/256,/0/default.jpg`, { headers: bearer })).status).toBe(200);
  });
});

describe('Auth 2.0: probe → token service → probe', () => {
  it.each([
    { policy: 'restricted' as const, before: 401, after: 200 },
    { policy: 'tiered' as const, before: 401, after: 200 },
  ])('$policy: probe $before, then $after with the token', async ({ policy, before, after }) => {
    const info = (await (await call(env, `/iiif/3/${seg(IDS[policy])}/info.json`, { headers: credentials('cookie', await accessToken(PEOPLE.allowed)) })).json()) as Record<string, unknown>;
    const probe = ((info['service'] ?? []) as Record<string, unknown>[]).find((s) => s['type'] === 'AuthProbeService2')!;
    const access = (probe['service'] as Record<string, unknown>[])[0]!;
    const tokenService = (access['service'] as Record<string, unknown>[]).find((s) => s['type'] === 'AuthAccessTokenService2')!;

    const probeAs = async (headers: Record<string, string>) =>
      ((await (await call(env, local(String(probe['id'])), { headers: { Origin: VIEWER, ...headers } })).json()) as Record<string, unknown>)['status'];
    expect(await probeAs({})).toBe(before);
    const { message, target } = await tokenFromIframe(String(tokenService['id']), await accessToken(PEOPLE.allowed));
    expect(target).toBe(VIEWER);
    expect(message).toMatchObject({ type: 'AuthAccessToken2', messageId: 'mirador-7' });
    expect(await probeAs(credentials('bearer', String(message['accessToken'])))).toBe(after);
  });

  it('the probe preflight lets the viewer send Authorization with credentials', async () => {
    const res = await call(env, `/iiif/3/${seg(IDS.restricted)}/probe`, {
      method: 'OPTIONS',
      headers: { Origin: VIEWER, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(VIEWER);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    expect(res.headers.get('Access-Control-Allow-Headers') ?? '').toMatch(/Authorization/i);
  });
});
