/**
 * Test fixtures for auth: an Access team with a locally generated RS256 key (jose), tokens signed as
 * Access would sign them, and an AuthConfig built through loadAuthConfig from plain variables.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { loadAuthConfig } from '../../../src/auth';
import type { AuthConfig } from '../../../src/auth';

export const TEAM = 'https://testteam.cloudflareaccess.com';
export const AUD = 'aud-tag-of-the-test-application';
export const SECRET = 'test-token-secret-that-is-long-enough-0123456789';
export const VIEWER = 'https://viewer.example.net';
/** Fixed clock: 2026-01-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 0, 1);
export const NOW_S = Math.floor(NOW / 1000);

export interface TeamKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeTeamKey(kid: string): Promise<TeamKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface TokenSpec {
  readonly key: TeamKey;
  readonly iss?: string;
  readonly aud?: string | string[];
  readonly email?: string | null;
  readonly iatS?: number;
  readonly expS?: number;
  readonly nbfS?: number;
  readonly kid?: string;
  readonly extra?: JWTPayload;
}

/** A token shaped like an Access application token (aud array, email, type app, …), valid at NOW by default. */
export async function accessToken(spec: TokenSpec): Promise<string> {
  const iat = spec.iatS ?? NOW_S - 60;
  const claims: JWTPayload = { type: 'app', identity_nonce: 'n', country: 'NL', ...spec.extra };
  if (spec.email !== null) claims['email'] = spec.email ?? 'reader@example.org';
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: spec.kid ?? spec.key.kid, typ: 'JWT' })
    .setIssuer(spec.iss ?? TEAM)
    .setAudience(spec.aud ?? [AUD])
    .setSubject('3f2c9a1e-user')
    .setIssuedAt(iat)
    .setNotBefore(spec.nbfS ?? iat)
    .setExpirationTime(spec.expS ?? NOW_S + 3600)
    .sign(spec.key.privateKey);
}

export const COLLECTIONS = JSON.stringify({
  default: 'open',
  collections: {
    'private/': { policy: 'restricted', allow: { emails: ['boss@elsewhere.org'], domains: ['example.org'], groups: ['staff'] } },
    'private/board/': { policy: 'restricted', allow: { emails: ['boss@elsewhere.org'] } },
    'tiered/': { policy: 'tiered', maxSize: 1000, allow: { domains: ['example.org'] } },
  },
});

export function configFor(keys: readonly TeamKey[], extra: Record<string, string> = {}): AuthConfig {
  return loadAuthConfig({
    COLLECTIONS,
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_JWKS: JSON.stringify({ keys: keys.map((k) => k.publicJwk) }),
    TOKEN_SECRET: SECRET,
    VIEWER_ORIGINS: VIEWER,
    ...extra,
  });
}

export function request(url: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { headers });
}
