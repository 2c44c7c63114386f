/**
 * Verifies a Cloudflare Access application token (the `Cf-Access-Jwt-Assertion` header or the
 * `CF_Authorization` cookie) with jose: RS256 only, signature against the team's keys, `iss` equal to
 * the team domain, `aud` containing the application's AUD tag, `exp`/`nbf` with a small clock
 * tolerance. See developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { KeyResolver } from './jwks';
import type { AccessSettings, Identity } from './types';

/** Seconds of clock skew accepted on exp/nbf/iat. */
export const CLOCK_TOLERANCE_S = 30;

/** Why a credential was refused; logged, never shown to the client. */
export class CredentialRejected extends Error {
  readonly kind: 'invalid' | 'expired';
  constructor(kind: 'invalid' | 'expired', message: string) {
    super(message);
    this.kind = kind;
    this.name = 'CredentialRejected';
  }
}

/**
 * Groups are not in Access tokens by default; an IdP can add them as an OIDC/SAML claim, which Access
 * passes under `custom` (or a top-level `groups`). Accept a string array or a single string from either.
 */
function groupsOf(payload: JWTPayload): string[] {
  const custom = payload['custom'];
  const fromCustom =
    typeof custom === 'object' && custom !== null ? (custom as Record<string, unknown>)['groups'] : undefined;
  const candidates = [payload['groups'], fromCustom];
  const out: string[] = [];
  for (const c of candidates) {
    if (typeof c === 'string' && c !== '') out.push(c);
    if (Array.isArray(c)) out.push(...c.filter((g): g is string => typeof g === 'string' && g !== ''));
  }
  return [...new Set(out)];
}

/** Maps jose's failures to a short reason without echoing any token content. */
export function rejection(err: unknown): CredentialRejected {
  if (err instanceof CredentialRejected) return err;
  if (err instanceof errors.JWTExpired) return new CredentialRejected('expired', 'token expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return new CredentialRejected('invalid', `claim "${err.claim}" check failed (${err.reason})`);
  }
  if (err instanceof errors.JOSEError) return new CredentialRejected('invalid', `${err.code}: ${err.message}`);
  return new CredentialRejected('invalid', err instanceof Error ? err.message : 'unreadable token');
}

export async function verifyAccessJwt(
  token: string,
  settings: AccessSettings,
  keys: KeyResolver,
  nowMs: number = Date.now(),
): Promise<Identity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer: settings.teamDomain,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    throw rejection(err);
  }
  const email = payload['email'];
  // Service-token logins carry no email (common_name instead): they are not people and get no identity.
  if (typeof email !== 'string' || !email.includes('@')) {
    throw new CredentialRejected('invalid', 'token has no email claim (service token?)');
  }
  return Object.freeze({
    email: email.toLowerCase(),
    groups: Object.freeze(groupsOf(payload)),
    source: 'access',
    expiresAt: payload.exp,
  });
}
