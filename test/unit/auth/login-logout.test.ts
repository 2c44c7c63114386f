/** The access service page (/auth/login) and logout, in production mode (remote keys) and dev mode. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authRoutes, createInlineKeySet, loadAuthConfig } from '../../../src/auth';
import { accessToken, AUD, COLLECTIONS, configFor, makeTeamKey, NOW, SECRET, TEAM, type TeamKey } from './fixtures';

let key: TeamKey;
beforeAll(async () => {
  key = await makeTeamKey('k1');
});

const BASE = 'https://img.example.org';
/** Production-shaped config (keys fetched from the team); the resolver is injected instead of the network. */
const prodCfg = () => loadAuthConfig({ COLLECTIONS, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, TOKEN_SECRET: SECRET, AUTH_INSTITUTION: 'Example Archive' });

describe('/auth/login (behind Access)', () => {
  it('confirms the signed-in identity and closes the window on a click', async () => {
    const app = authRoutes(prodCfg(), { now: () => NOW, keys: createInlineKeySet({ keys: [key.publicJwk] }) });
    const res = await app.request(`${BASE}/auth/login?origin=https%3A%2F%2Fviewer.example.net`, {
      headers: { 'Cf-Access-Jwt-Assertion': await accessToken({ key, email: 'A&B<x>@example.org' }) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('a&#38;b&#60;x&#62;@example.org');
    expect(html).toContain('Example Archive');
    expect(html).toMatch(/<button[^>]*id="done"/);
    expect(html).toContain('window.close()');
  });

  it('without an identity says so (401) and offers no dev form in production', async () => {
    const app = authRoutes(prodCfg(), { now: () => NOW, keys: createInlineKeySet({ keys: [key.publicJwk] }) });
    const res = await app.request(`${BASE}/auth/login`);
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Not signed in');
    expect(html).not.toContain('<form');
    expect((await app.request(`${BASE}/auth/login`, { method: 'POST', body: new URLSearchParams({ token: 'x' }) })).status).toBe(404);
  });

  it('in development (inline ACCESS_JWKS) takes a pasted token and sets the cookie Access would set', async () => {
    const app = authRoutes(configFor([key]), { now: () => NOW });
    const form = await app.request('http://127.0.0.1:8787/auth/login');
    expect(await form.text()).toContain('<form method="post"');
    const token = await accessToken({ key });
    const res = await app.request('http://127.0.0.1:8787/auth/login', { method: 'POST', body: new URLSearchParams({ token }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toContain(`CF_Authorization=${token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=3600/);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const forged = await app.request('http://127.0.0.1:8787/auth/login', {
      method: 'POST',
      body: new URLSearchParams({ token: await accessToken({ key: await makeTeamKey('k1') }) }),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('Set-Cookie')).toBeNull();
    vi.restoreAllMocks();
  });
});

describe('/auth/logout', () => {
  it('clears the cookie and hands over to the Access logout', async () => {
    const res = await authRoutes(prodCfg()).request(`${BASE}/auth/logout`);
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/cdn-cgi/access/logout');
    expect(res.headers.get('Set-Cookie')).toMatch(/^CF_Authorization=; .*Max-Age=0/);
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=None; Secure/);
  });

  it('in development shows a signed-out page (there is no Access to hand over to)', async () => {
    const res = await authRoutes(configFor([key])).request('http://127.0.0.1:8787/auth/logout');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Signed out');
    expect(res.headers.get('Set-Cookie')).toMatch(/Max-Age=0/);
  });
});
