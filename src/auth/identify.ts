/**
 * Who is asking: the Cloudflare Access JWT (the `Cf-Access-Jwt-Assertion` header, which Access adds on
 * paths it fronts, else the `CF_Authorization` cookie, which the image paths outside Access receive),
 * or `Authorization: Bearer <viewer token>` (what IIIF Auth clients send to the probe). Never throws:
 * any failure means anonymous, and the reason is logged in one line without token contents.
 */
import { CredentialRejected, rejection, verifyAccessJwt } from './access-jwt';
import { keyResolverFor, type KeyResolver } from './jwks';
import type { AuthConfig, Identity } from './types';
import { verifyViewerToken } from './viewer-token';

export const ACCESS_HEADER = 'Cf-Access-Jwt-Assertion';
export const ACCESS_COOKIE = 'CF_Authorization';

/** RFC 6265 §5.4 cookie-string: `a=b; c=d`. Returns the first value of `name`, or null. */
export function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`. */
export function readBearer(header: string | null): string | null {
  const m = header === null ? null : /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  return m ? (m[1] ?? null) : null;
}

/** The result of looking only at the Access credential (the token service needs to know why it failed). */
export type AccessCheck =
  | { readonly identity: Identity }
  | { readonly identity: null; readonly problem: 'missing' | 'invalid' | 'expired' };

function warn(source: string, err: CredentialRejected): void {
  console.warn(`auth: ignoring ${source}: ${err.message}`);
}

export async function checkAccess(
  request: Request,
  cfg: AuthConfig,
  nowMs: number = Date.now(),
  keys?: KeyResolver,
): Promise<AccessCheck> {
  const header = request.headers.get(ACCESS_HEADER);
  const cookie = readCookie(request.headers.get('Cookie'), ACCESS_COOKIE);
  if (header === null && cookie === null) return { identity: null, problem: 'missing' };
  if (cfg.access === null) return { identity: null, problem: 'invalid' };
  const resolver = keys ?? keyResolverFor(cfg.access.keys);
  let last: CredentialRejected | null = null;
  for (const [source, token] of [
    ['Access header', header],
    ['Access cookie', cookie],
  ] as const) {
    if (token === null) continue;
    try {
      return { identity: await verifyAccessJwt(token, cfg.access, resolver, nowMs) };
    } catch (err) {
      last = rejection(err);
      warn(source, last);
    }
  }
  return { identity: null, problem: last?.kind === 'expired' ? 'expired' : 'invalid' };
}

export async function identify(
  request: Request,
  cfg: AuthConfig,
  nowMs: number = Date.now(),
  keys?: KeyResolver,
): Promise<Identity | null> {
  try {
    const access = await checkAccess(request, cfg, nowMs, keys);
    if (access.identity !== null) return access.identity;
    const bearer = readBearer(request.headers.get('Authorization'));
    if (bearer === null || cfg.tokenSecret === null) return null;
    try {
      return await verifyViewerToken(bearer, request.headers.get('Origin'), cfg.tokenSecret, nowMs);
    } catch (err) {
      warn('bearer token', rejection(err));
      return null;
    }
  } catch (err) {
    // Belt and braces: identify must never turn a bad credential into a 500.
    console.warn(`auth: identity check failed: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
