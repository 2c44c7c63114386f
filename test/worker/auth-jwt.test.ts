/**
 * The JWT key cases again inside workerd (the runtime that verifies them in production): jose on the
 * Workers WebCrypto, keys generated here. Each attack ends anonymous; the valid token is accepted; the
 * token service round-trip works through the real Hono routes.
 */
import { base64url, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authRoutes, identify, loadAuthConfig, verifyViewerToken, type AuthConfig } from '../../src/auth';

const TEAM = 'https://workerd-team.cloudflareaccess.com';
const AUD = 'workerd-aud';
const SECRET = 'workerd-test-secret-0123456789abcdef-xyz';
const VIEWER = 'https://viewer.example.net';
const NOW = Date.UTC(2026, 0, 1);
const NOW_S = NOW / 1000;

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}
async function makeKey(kid: string): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } };
}

let key: Key;
let other: Key;
let cfg: AuthConfig;

interface Spec {
  k?: Key;
  kid?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  email?: string;
}
function sign(s: Spec = {}): Promise<string> {
  const k = s.k ?? key;
  return new SignJWT({ email: s.email ?? 'reader@example.org', type: 'app' })
    .setProtectedHeader({ alg: 'RS256', kid: s.kid ?? k.kid })
    .setIssuer(s.iss ?? TEAM)
    .setAudience([s.aud ?? AUD])
    .setIssuedAt(NOW_S - 60)
    .setNotBefore(s.nbf ?? NOW_S - 60)
    .setExpirationTime(s.exp ?? NOW_S + 3600)
    .sign(k.privateKey);
}

beforeAll(async () => {
  key = await makeKey('wk1');
  other = await makeKey('wk-other');
  cfg = loadAuthConfig({
    COLLECTIONS: '{"collections":{"private/":{"policy":"restricted","allow":{"domains":["example.org"]}}}}',
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_JWKS: JSON.stringify({ keys: [key.publicJwk] }),
    TOKEN_SECRET: SECRET,
    VIEWER_ORIGINS: VIEWER,
  });
});

const req = (token: string) => new Request('https://img.example.org/iiif/3/private%2Fa/info.json', { headers: { 'Cf-Access-Jwt-Assertion': token } });

describe('Access JWT in workerd', () => {
  it('accepts a valid token', async () => {
    expect(await identify(req(await sign()), cfg, NOW)).toMatchObject({ email: 'reader@example.org', source: 'access' });
  });

  const cases: [string, () => Promise<string>][] = [
    ['malformed', async () => 'a.b'],
    ['alg none', async () => new UnsecuredJWT({ email: 'reader@example.org' }).setIssuer(TEAM).setAudience([AUD]).setExpirationTime(NOW_S + 600).encode()],
    [
      'HS256 signed with the public key',
      async () =>
        new SignJWT({ email: 'reader@example.org' })
          .setProtectedHeader({ alg: 'HS256', kid: key.kid })
          .setIssuer(TEAM)
          .setAudience([AUD])
          .setExpirationTime(NOW_S + 600)
          .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk))),
    ],
    ['unknown kid', async () => sign({ k: other })],
    ['known kid, wrong key', async () => sign({ k: other, kid: key.kid })],
    ['wrong aud', async () => sign({ aud: 'another-app' })],
    ['wrong iss', async () => sign({ iss: 'https://evil.cloudflareaccess.com' })],
    ['expired', async () => sign({ exp: NOW_S - 3600 })],
    ['nbf in the future', async () => sign({ nbf: NOW_S + 600 })],
    [
      'tampered payload',
      async () => {
        const [h, p, s] = (await sign()).split('.') as [string, string, string];
        const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
        claims['email'] = 'boss@example.org';
        return `${h}.${base64url.encode(JSON.stringify(claims))}.${s}`;
      },
    ],
    ['valid token for another team', async () => sign({ k: other, iss: 'https://otherteam.cloudflareaccess.com', aud: 'their-aud' })],
  ];

  it.each(cases)('%s → anonymous', async (_n, make) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await identify(req(await make()), cfg, NOW)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });
});

describe('token service in workerd', () => {
  it('mints an origin-bound token for an allowed viewer, and only an error for another origin', async () => {
    const app = authRoutes(cfg, { now: () => NOW });
    const cookie = `CF_Authorization=${await sign()}`;
    const ok = await (await app.request(`https://img.example.org/auth/token?messageId=w1&origin=${encodeURIComponent(VIEWER)}`, { headers: { Cookie: cookie } })).text();
    const m = /postMessage\((\{.*\}), "([^"]*)"\)/s.exec(ok);
    expect(m?.[2]).toBe(VIEWER);
    const msg = JSON.parse(m?.[1] ?? '{}') as { type: string; accessToken: string };
    expect(msg.type).toBe('AuthAccessToken2');
    const id = await verifyViewerToken(msg.accessToken, VIEWER, new TextEncoder().encode(SECRET), NOW);
    expect(id.email).toBe('reader@example.org');
    const bad = await (await app.request(`https://img.example.org/auth/token?messageId=w2&origin=${encodeURIComponent('https://evil.example')}`, { headers: { Cookie: cookie } })).text();
    expect(bad).toContain('"AuthAccessTokenError2"');
    expect(bad).toContain('"invalidOrigin"');
    expect(bad).not.toContain('accessToken');
  });
});
