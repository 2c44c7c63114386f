/**
 * The token services (IIIF Auth 2.0 §4, Auth 1.0 §2.2) through the real Hono routes: allowed and
 * disallowed origins, the postMessage target and payload, our token verifying and bound to its origin.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authRoutes, identify, verifyViewerToken } from '../../../src/auth';
import type { AuthConfig } from '../../../src/auth';
import { accessToken, configFor, makeTeamKey, NOW, NOW_S, SECRET, VIEWER, type TeamKey } from './fixtures';

const BASE = 'https://img.example.org';
let key: TeamKey;
let cfg: AuthConfig;
let cookie: string;

beforeAll(async () => {
  key = await makeTeamKey('k1');
  cfg = configFor([key]);
  cookie = `CF_Authorization=${await accessToken({ key, extra: { custom: { groups: ['staff'] } } })}`;
});

/** Pulls `window.parent.postMessage(<json>, <json>)` out of the page. */
function posted(html: string): { message: Record<string, unknown>; target: string } {
  const m = /window\.parent\.postMessage\((\{.*\}), ("[^"]*")\);/s.exec(html);
  if (!m || !m[1] || !m[2]) throw new Error(`no postMessage call in: ${html.slice(0, 300)}`);
  return { message: JSON.parse(m[1]) as Record<string, unknown>, target: JSON.parse(m[2]) as string };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const app = authRoutes(cfg, { now: () => NOW });
  return app.request(`${BASE}${path}`, { headers });
}

describe('Auth 2.0 token service /auth/token', () => {
  it('posts an AuthAccessToken2 to an allowed viewer origin; the token verifies and is bound to it', async () => {
    const res = await get(`/auth/token?messageId=m-42&origin=${encodeURIComponent(VIEWER)}`, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const { message, target } = posted(await res.text());
    expect(target).toBe(VIEWER);
    expect(message).toMatchObject({
      '@context': 'http://iiif.io/api/auth/2/context.json',
      type: 'AuthAccessToken2',
      messageId: 'm-42',
      expiresIn: 300,
    });
    const token = message['accessToken'] as string;
    expect(cookie).not.toContain(token);
    const secret = new TextEncoder().encode(SECRET);
    expect(await verifyViewerToken(token, VIEWER, secret, NOW)).toEqual({ email: 'reader@example.org', groups: ['staff'], source: 'token' });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(verifyViewerToken(token, 'https://evil.example.com', secret, NOW)).rejects.toThrow(/another origin/);
    // The probe's view: Bearer from the bound origin is an identity, from another origin it is not.
    const probe = (origin: string) => new Request(`${BASE}/iiif/3/private%2Fa/probe`, { headers: { Authorization: `Bearer ${token}`, Origin: origin } });
    expect((await identify(probe(VIEWER), cfg, NOW))?.source).toBe('token');
    expect(await identify(probe('https://evil.example.com'), cfg, NOW)).toBeNull();
    expect(await identify(probe(VIEWER), cfg, NOW + 301_000 + 30_000)).toBeNull();
    vi.restoreAllMocks();
  });

  it('accepts a trailing slash on origin and pages of this service itself', async () => {
    const res = await get(`/auth/token?messageId=1&origin=${encodeURIComponent(`${BASE}/`)}`, { Cookie: cookie });
    expect(posted(await res.text())).toMatchObject({ target: BASE, message: { type: 'AuthAccessToken2' } });
  });

  it('never outlives the Access sign-in', async () => {
    const short = `CF_Authorization=${await accessToken({ key, expS: NOW_S + 100 })}`;
    const res = await get(`/auth/token?messageId=1&origin=${encodeURIComponent(VIEWER)}`, { Cookie: short });
    expect(posted(await res.text()).message['expiresIn']).toBe(100);
  });

  it.each([
    ['a disallowed origin', `/auth/token?messageId=7&origin=${encodeURIComponent('https://evil.example.com')}`, true, 'invalidOrigin', 'https://evil.example.com'],
    ['no sign-in', `/auth/token?messageId=7&origin=${encodeURIComponent(VIEWER)}`, false, 'missingAspect', VIEWER],
    ['no messageId', `/auth/token?origin=${encodeURIComponent(VIEWER)}`, true, 'invalidRequest', VIEWER],
    ['no origin', `/auth/token?messageId=7`, true, 'invalidRequest', '*'],
    ['a non-http origin', `/auth/token?messageId=7&origin=javascript:alert(1)`, true, 'invalidRequest', '*'],
  ])('%s: an AuthAccessTokenError2, no token', async (_n, path, signedIn, profile, target) => {
    const res = await get(path, signedIn ? { Cookie: cookie } : {});
    expect(res.status).toBe(200);
    const html = await res.text();
    const p = posted(html);
    expect(p.target).toBe(target);
    expect(p.message).toMatchObject({ type: 'AuthAccessTokenError2', profile });
    expect(p.message).not.toHaveProperty('accessToken');
    expect(html).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('tells an expired sign-in from a missing one', async () => {
    const old = `CF_Authorization=${await accessToken({ key, iatS: NOW_S - 7200, expS: NOW_S - 3600 })}`;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const res = await get(`/auth/token?messageId=1&origin=${encodeURIComponent(VIEWER)}`, { Cookie: old });
    expect(posted(await res.text()).message['profile']).toBe('expiredAspect');
    const bad = await get(`/auth/token?messageId=1&origin=${encodeURIComponent(VIEWER)}`, { Cookie: 'CF_Authorization=x.y.z' });
    expect(posted(await bad.text()).message['profile']).toBe('invalidAspect');
    vi.restoreAllMocks();
  });

  it('escapes a hostile messageId inside the script', async () => {
    const res = await get(`/auth/token?messageId=${encodeURIComponent('</script><script>alert(1)</script>')}&origin=${encodeURIComponent(VIEWER)}`, { Cookie: cookie });
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(posted(html).message['messageId']).toBe('</script><script>alert(1)</script>');
  });
});

describe('Auth 1.0 token service /auth/token1', () => {
  it('posts {accessToken, expiresIn, messageId} for the browser flow', async () => {
    const res = await get(`/auth/token1?messageId=5&origin=${encodeURIComponent(`${VIEWER}/`)}`, { Cookie: cookie });
    const { message, target } = posted(await res.text());
    expect(target).toBe(VIEWER);
    expect(Object.keys(message).sort()).toEqual(['accessToken', 'expiresIn', 'messageId']);
    expect(message['messageId']).toBe('5');
    const id = await verifyViewerToken(message['accessToken'] as string, VIEWER, new TextEncoder().encode(SECRET), NOW);
    expect(id.email).toBe('reader@example.org');
  });

  it('answers JSON without messageId (non-browser client), 401 with an Auth 1.0 error type when signed out', async () => {
    const ok = await get('/auth/token1', { Cookie: cookie });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { accessToken: string; expiresIn: number };
    expect(body.expiresIn).toBe(300);
    // Bound to no origin: usable without an Origin header, refused from any page.
    const secret = new TextEncoder().encode(SECRET);
    expect((await verifyViewerToken(body.accessToken, null, secret, NOW)).email).toBe('reader@example.org');
    await expect(verifyViewerToken(body.accessToken, VIEWER, secret, NOW)).rejects.toThrow();
    const no = await get('/auth/token1');
    expect(no.status).toBe(401);
    expect(await no.json()).toMatchObject({ error: 'missingCredentials' });
  });

  it('an invalid origin gets an error message, not a token', async () => {
    const res = await get(`/auth/token1?messageId=5&origin=${encodeURIComponent('https://evil.example.com')}`, { Cookie: cookie });
    expect(posted(await res.text()).message).toEqual(expect.objectContaining({ error: 'invalidOrigin', messageId: '5' }));
  });
});
