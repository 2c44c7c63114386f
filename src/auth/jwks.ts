/**
 * Public keys for verifying Access JWTs. Remote: the team's `/cdn-cgi/access/certs`, cached in the
 * isolate, refetched when it is older than `maxAgeMs` or when a token names an unknown `kid` (Access
 * rotates keys every 6 weeks), but never more often than once per `cooldownMs`, so a flood of tokens
 * with made-up key ids cannot become a flood of requests to Cloudflare. Inline: ACCESS_JWKS (local
 * development and tests). Only resolved key sets are cached, never in-flight promises (a Workers
 * isolate must not share I/O between requests).
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import type { AccessKeys } from './types';

export type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey>;

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface RemoteKeySetOptions {
  readonly fetch?: FetchLike;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly maxAgeMs?: number;
  readonly cooldownMs?: number;
  readonly timeoutMs?: number;
}

interface Cached {
  readonly resolve: ReturnType<typeof createLocalJWKSet>;
  readonly fetchedAt: number;
}

export function createInlineKeySet(jwks: JSONWebKeySet): KeyResolver {
  const set = createLocalJWKSet(jwks);
  return (header) => set(header) as Promise<CryptoKey>;
}

export function createRemoteKeySet(url: string, opts: RemoteKeySetOptions = {}): KeyResolver {
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  const now = opts.now ?? Date.now;
  const maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
  const cooldownMs = opts.cooldownMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  let cached: Cached | null = null;
  let lastAttempt = -Infinity;

  async function refresh(): Promise<Cached> {
    lastAttempt = now();
    const res = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) throw new errors.JOSEError(`JWKS fetch answered ${res.status}`);
    const body = (await res.json()) as JSONWebKeySet;
    if (!Array.isArray(body.keys)) throw new errors.JWKSInvalid('JWKS response has no keys array');
    cached = { resolve: createLocalJWKSet(body), fetchedAt: now() };
    return cached;
  }

  const coolingDown = (): boolean => now() - lastAttempt < cooldownMs;

  return async function resolveAccessKey(header) {
    let set = cached;
    if (set === null) {
      if (coolingDown()) throw new errors.JOSEError('JWKS unavailable: the last fetch failed moments ago');
      set = await refresh();
    } else if (now() - set.fetchedAt > maxAgeMs && !coolingDown()) {
      // Stale: refresh, but keep using the old keys if the refresh fails (Access keeps old keys valid 7 days).
      set = await refresh().catch(() => set as Cached);
    }
    try {
      return (await set.resolve(header)) as CryptoKey;
    } catch (err) {
      // An unknown kid may mean the keys rotated: refetch once, unless we fetched a moment ago.
      if (!(err instanceof errors.JWKSNoMatchingKey) || coolingDown()) throw err;
      return (await (await refresh()).resolve(header)) as CryptoKey;
    }
  };
}

/** One resolver per key source per isolate (remote sets keep their cache across requests). */
const resolvers = new Map<string, KeyResolver>();

export function keyResolverFor(keys: AccessKeys): KeyResolver {
  const cacheKey = keys.kind === 'remote' ? `remote:${keys.url}` : `inline:${JSON.stringify(keys.jwks)}`;
  let r = resolvers.get(cacheKey);
  if (r === undefined) {
    r = keys.kind === 'remote' ? createRemoteKeySet(keys.url) : createInlineKeySet(keys.jwks);
    resolvers.set(cacheKey, r);
  }
  return r;
}
