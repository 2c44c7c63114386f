/**
 * The JWT attack matrix: every forged, stale or misdirected Access token ends anonymous, with one logged
 * line that never contains the token. The valid baseline proves the same set-up accepts a good token.
 */
import { base64url, exportSPKI, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { identify } from '../../../src/auth';
import type { AuthConfig } from '../../../src/auth';
import { accessToken, AUD, configFor, makeTeamKey, NOW, NOW_S, request, TEAM, type TeamKey } from './fixtures';

let key: TeamKey;
let attacker: TeamKey;
let cfg: AuthConfig;

beforeAll(async () => {
  key = await makeTeamKey('team-key-1');
  attacker = await makeTeamKey('attacker-key');
  cfg = configFor([key]);
});

afterEach(() => vi.restoreAllMocks());

const URL_ = 'https://img.example.org/iiif/3/private%2Fa/info.json';

/** Replaces the payload segment, keeping header and signature. */
function tamper(token: string, change: (p: Record<string, unknown>) => void): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
  change(payload);
  return `${h}.${base64url.encode(JSON.stringify(payload))}.${s}`;
}

describe('a valid Access token is accepted (baseline)', () => {
  it('from the header', async () => {
    const t = await accessToken({ key, extra: { custom: { groups: ['staff'] } } });
    const id = await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': t }), cfg, NOW);
    expect(id).toEqual({ email: 'reader@example.org', groups: ['staff'], source: 'access', expiresAt: NOW_S + 3600 });
  });

  it('from the CF_Authorization cookie among others', async () => {
    const t = await accessToken({ key, email: 'Reader@Example.org' });
    const id = await identify(request(URL_, { Cookie: `a=b; CF_Authorization=${t}; c=d` }), cfg, NOW);
    expect(id?.email).toBe('reader@example.org');
  });

  it('within the clock tolerance', async () => {
    const expired20s = await accessToken({ key, expS: NOW_S - 20 });
    expect(await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': expired20s }), cfg, NOW)).not.toBeNull();
  });

  it('a bad header does not hide a good cookie', async () => {
    const good = await accessToken({ key });
    const id = await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': 'garbage', Cookie: `CF_Authorization=${good}` }), cfg, NOW);
    expect(id?.email).toBe('reader@example.org');
  });
});

type Case = [string, () => Promise<Record<string, string>>];

describe('attack matrix: each ends anonymous, reason logged, token never logged', () => {
  const header = (t: string) => ({ 'Cf-Access-Jwt-Assertion': t });
  const cases: Case[] = [
    ['no token', async () => ({})],
    ['malformed (not three parts)', async () => header('not-a-jwt')],
    ['malformed (bad base64/JSON)', async () => header('eyJhbGciOi.e30.c2ln')],
    ['empty cookie value', async () => ({ Cookie: 'CF_Authorization=' })],
    [
      'alg: none',
      async () =>
        header(new UnsecuredJWT({ email: 'reader@example.org' }).setIssuer(TEAM).setAudience([AUD]).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 600).encode()),
    ],
    [
      'HS256 signed with the public key (PEM)',
      async () => {
        const pem = await exportSPKI((await crypto.subtle.importKey('jwk', key.publicJwk as JsonWebKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify'])) as CryptoKey);
        const t = await new SignJWT({ email: 'reader@example.org' })
          .setProtectedHeader({ alg: 'HS256', kid: key.kid })
          .setIssuer(TEAM)
          .setAudience([AUD])
          .setExpirationTime(NOW_S + 600)
          .sign(new TextEncoder().encode(pem));
        return header(t);
      },
    ],
    [
      'HS256 signed with the public JWK modulus',
      async () => {
        const t = await new SignJWT({ email: 'reader@example.org' })
          .setProtectedHeader({ alg: 'HS256', kid: key.kid })
          .setIssuer(TEAM)
          .setAudience([AUD])
          .setExpirationTime(NOW_S + 600)
          .sign(base64url.decode(key.publicJwk.n as string));
        return header(t);
      },
    ],
    ['unknown kid (attacker key)', async () => header(await accessToken({ key: attacker }))],
    ['known kid, attacker signature', async () => header(await accessToken({ key: attacker, kid: key.kid }))],
    ['no kid at all, attacker key', async () => header(await accessToken({ key: attacker, kid: '' }))],
    ['wrong aud', async () => header(await accessToken({ key, aud: ['some-other-application'] }))],
    ['wrong iss', async () => header(await accessToken({ key, iss: 'https://evil.cloudflareaccess.com' }))],
    ['iss without https', async () => header(await accessToken({ key, iss: 'testteam.cloudflareaccess.com' }))],
    ['expired (beyond tolerance)', async () => header(await accessToken({ key, iatS: NOW_S - 7200, expS: NOW_S - 3600 }))],
    ['nbf in the future', async () => header(await accessToken({ key, nbfS: NOW_S + 600 }))],
    ['tampered payload (email changed)', async () => header(tamper(await accessToken({ key }), (p) => (p['email'] = 'boss@elsewhere.org')))],
    ['tampered payload (exp extended)', async () => header(tamper(await accessToken({ key, expS: NOW_S - 3600, iatS: NOW_S - 7200 }), (p) => (p['exp'] = NOW_S + 3600)))],
    [
      'valid token for another team',
      async () => header(await accessToken({ key: attacker, iss: 'https://otherteam.cloudflareaccess.com', aud: ['their-aud'] })),
    ],
    ['another team, same AUD string', async () => header(await accessToken({ key: attacker, iss: 'https://otherteam.cloudflareaccess.com' }))],
    ['service token (no email)', async () => header(await accessToken({ key, email: null, extra: { common_name: 'svc.access' } }))],
    ['bearer token that is an Access JWT', async () => ({ Authorization: `Bearer ${await accessToken({ key })}` })],
    ['bearer garbage', async () => ({ Authorization: 'Bearer abc.def.ghi' })],
  ];

  /** Nothing presented, so nothing to log. */
  const SILENT = ['no token', 'empty cookie value'];

  it.each(cases)('%s', async (name, headers) => {
    const h = await headers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await identify(request(URL_, h), cfg, NOW)).toBeNull();
    if (SILENT.includes(name)) {
      expect(warn).not.toHaveBeenCalled();
      return;
    }
    expect(warn).toHaveBeenCalled();
    for (const call of warn.mock.calls) {
      // One line per reason, and no part of any presented token in it.
      expect(call).toHaveLength(1);
      expect(String(call[0])).toMatch(/^auth: [^\n]+$/);
    }
    const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
    const secrets = Object.values(h).map((v) => v.replace(/^(Bearer |CF_Authorization=)/, ''));
    for (const s of secrets.filter((v) => v.length > 10)) {
      for (const part of s.split('.').filter((x) => x.length > 8)) expect(logged).not.toContain(part);
    }
  });

  it('an RS256 token is refused when the key is offered under another algorithm (RS512)', async () => {
    const t = await new SignJWT({ email: 'reader@example.org' })
      .setProtectedHeader({ alg: 'RS512', kid: key.kid })
      .setIssuer(TEAM)
      .setAudience([AUD])
      .setExpirationTime(NOW_S + 600)
      .sign(await reimport(key));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': t }), cfg, NOW)).toBeNull();
  });
});

/** The same private key, usable for RS512 signing. */
async function reimport(k: TeamKey): Promise<CryptoKey> {
  const jwk = await crypto.subtle.exportKey('jwk', k.privateKey);
  delete jwk.alg;
  return crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['sign']);
}

describe('the clock is the one given', () => {
  it('a token valid now is expired an hour and a minute later', async () => {
    const t = await accessToken({ key });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': t }), cfg, NOW)).not.toBeNull();
    expect(await identify(request(URL_, { 'Cf-Access-Jwt-Assertion': t }), cfg, NOW + 3660_000)).toBeNull();
  });
});
