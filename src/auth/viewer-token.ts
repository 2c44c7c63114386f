/**
 * The access token this Worker gives a viewer (IIIF Auth 2.0 §4.4, Auth 1.0 §2.2.2): a short-lived
 * HS256 JWT signed with TOKEN_SECRET, bound to the identity and to the viewer origin it was issued for.
 * It is never the Access cookie itself (Auth 2.0 §4.4 warning: a token equal to the cookie would let
 * anyone who sees the token forge the cookie).
 */
import { jwtVerify, SignJWT } from 'jose';
import { CLOCK_TOLERANCE_S, rejection } from './access-jwt';
import type { Identity } from './types';

const ISSUER = 'iiif-edge/auth';
const AUDIENCE = 'iiif-edge/probe';
/** Seconds a viewer token lives (the spec's example value); viewers fetch a new one when it runs out. */
export const TOKEN_TTL_S = 300;

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * @param origin the viewer origin the token is bound to, or '' for a non-browser client (then it is
 *               accepted only on requests without an Origin header, since no real origin equals '')
 * @param notAfterS the identity's own expiry (the Access token's exp): a viewer token never outlives it
 */
export async function issueViewerToken(
  identity: Identity,
  origin: string,
  secret: Uint8Array,
  nowMs: number = Date.now(),
  notAfterS?: number,
): Promise<IssuedToken> {
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.min(iat + TOKEN_TTL_S, notAfterS ?? Number.POSITIVE_INFINITY);
  const accessToken = await new SignJWT({ grp: identity.groups, org: origin })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(identity.email)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(secret);
  return { accessToken, expiresIn: Math.max(1, exp - iat) };
}

/**
 * Verifies a viewer token and its origin binding: when the request carries an Origin header, it must be
 * the origin the token was issued for (a token lifted from one viewer is useless to a page elsewhere).
 * Requests without an Origin header (same-origin GETs, curl) are not origin-checked.
 */
export async function verifyViewerToken(
  token: string,
  requestOrigin: string | null,
  secret: Uint8Array,
  nowMs: number = Date.now(),
): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'sub'],
    });
    const org = typeof payload['org'] === 'string' ? payload['org'] : null;
    if (org === null) throw new Error('token carries no origin binding');
    if (requestOrigin !== null && requestOrigin !== org) throw new Error('token used from another origin');
    const grp = Array.isArray(payload['grp']) ? payload['grp'].filter((g): g is string => typeof g === 'string') : [];
    return Object.freeze({ email: String(payload.sub).toLowerCase(), groups: Object.freeze(grp), source: 'token' });
  } catch (err) {
    throw rejection(err);
  }
}
