/**
 * Restricted-collection fixtures for the workerd tests: one Access team with a key generated here (jose),
 * one Worker env per configuration (the entry rebuilds its app when the env object changes), Access
 * tokens signed as Access signs them, requests through the real Worker entry with an execution context
 * that is drained (so Cache API writes have finished before the next request), and viewer tokens taken
 * from the token pages the way a viewer's iframe would receive them.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { ORIGIN, seed } from './worker-fixtures';

export const TEAM = 'https://access-tests.cloudflareaccess.com';
export const AUD = 'access-tests-aud';
export const SECRET = 'access-tests-token-secret-0123456789abcdef';
/** The configured viewer origin (VIEWER_ORIGINS). */
export const VIEWER = 'https://viewer.example.net';
/** A site that is not configured. */
export const STRANGER_SITE = 'https://elsewhere.example.com';

/** Who asks: nobody, someone on the allow lists, someone known to Access but on no list. */
export const PEOPLE = {
  allowed: 'reader@example.org',
  denied: 'visitor@other.example',
} as const;

/** The tiered cap: the chart fixture is 1000×700 (levels 1000, 500, 250), so its capped tier is 500×350. */
export const MAX_SIZE = 500;

export const COLLECTIONS = JSON.stringify({
  default: 'open',
  collections: {
    'private/': { policy: 'restricted', allow: { domains: ['example.org'] } },
    'tiered/': { policy: 'tiered', maxSize: MAX_SIZE, allow: { domains: ['example.org'] } },
  },
});

/** One identifier per policy, all holding the chart fixture (1000×700, 256 px tiles). */
export const IDS = { open: 'open/chart', restricted: 'private/chart', tiered: 'tiered/chart' } as const;
export type PolicyName = keyof typeof IDS;

export async function seedAccessImages(): Promise<void> {
  await Promise.all(Object.values(IDS).map((id) => seed('chart', id)));
}

/** The identifier as one path segment. */
export const seg = (id: string): string => encodeURIComponent(id);

export interface AccessTeam {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The Worker env with restricted collections configured against this team. */
  readonly env: Env;
}

let team: Promise<AccessTeam> | undefined;

async function makeTeam(): Promise<AccessTeam> {
  const kid = 'access-tests-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const configured: Env = {
    ...env,
    COLLECTIONS,
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_JWKS: JSON.stringify({ keys: [publicJwk] }),
    TOKEN_SECRET: SECRET,
    VIEWER_ORIGINS: VIEWER,
  };
  return { kid, privateKey, publicJwk, env: configured };
}

/** The one team (and env object) of this test file's isolate. */
export function accessTeam(): Promise<AccessTeam> {
  team ??= makeTeam();
  return team;
}

/** An Access application token for `email`, valid now unless `expiresInS` says otherwise. */
export async function accessToken(email: string, expiresInS = 3600): Promise<string> {
  const t = await accessTeam();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email, type: 'app', identity_nonce: 'n' })
    .setProtectedHeader({ alg: 'RS256', kid: t.kid, typ: 'JWT' })
    .setIssuer(TEAM)
    .setAudience([AUD])
    .setSubject(`user-${email}`)
    .setIssuedAt(now - 7200)
    .setNotBefore(now - 7200)
    .setExpirationTime(now + expiresInS)
    .sign(t.privateKey);
}

/** A request through the Worker's entry with `workerEnv`; waits for its background work to finish. */
export async function call(workerEnv: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), workerEnv, ctx);
  // Read the body now so the response is complete before the background writes are awaited.
  const body = res.status === 304 || res.body === null ? null : await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** The ways a browser or viewer presents who it is. */
export type Carrier = 'cookie' | 'header' | 'bearer';

/** Request headers that carry the Access token (cookie or header) or a viewer token (`bearer`). */
export function credentials(carrier: Carrier, token: string): Record<string, string> {
  switch (carrier) {
    case 'cookie':
      return { Cookie: `other=1; CF_Authorization=${token}` };
    case 'header':
      return { 'Cf-Access-Jwt-Assertion': token };
    case 'bearer':
      return { Authorization: `Bearer ${token}` };
  }
}

/**
 * The message a token page posts: the first argument of `window.parent.postMessage(…)` in its script,
 * with the target origin it is addressed to.
 */
export function postedMessage(html: string): { message: Record<string, unknown>; target: string } {
  const m = /postMessage\((\{.*\}),\s*("[^"]*")\);/s.exec(html);
  if (m === null) throw new Error(`no postMessage call in the token page: ${html.slice(0, 300)}`);
  return { message: JSON.parse(m[1]!) as Record<string, unknown>, target: JSON.parse(m[2]!) as string };
}

/**
 * What a signed-in viewer at `origin` gets from the Auth 2.0 token service (`/auth/token`, loaded in an
 * iframe with the Access cookie): the viewer token it then sends as `Authorization: Bearer`.
 */
export async function viewerToken(workerEnv: Env, email: string, origin = VIEWER, service = '/auth/token'): Promise<string> {
  const cookie = await accessToken(email);
  const res = await call(workerEnv, `${service}?messageId=m1&origin=${encodeURIComponent(origin)}`, {
    headers: credentials('cookie', cookie),
  });
  const { message } = postedMessage(await res.text());
  if (typeof message['accessToken'] !== 'string') throw new Error(`no token posted: ${JSON.stringify(message)}`);
  return message['accessToken'];
}
