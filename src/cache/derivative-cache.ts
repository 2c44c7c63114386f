/**
 * Derivatives (image responses) in the Cache API. Keys are synthetic URLs built from everything that
 * determines the bytes — cache format version, access tier, source object etag, API version, service
 * variant, identifier and canonical request — so a replaced source (new etag) or another tier can never
 * hit an old entry. Stored copies are plain shareable 200s (`public`, no cookies, no CORS): the Cache
 * API refuses to store `private`/`no-store` responses and anything with Set-Cookie, and client-facing
 * headers depend on who asks, so they are added on the way out — except Cache-Tag, which the Cache API
 * honours on put (Cloudflare Workers docs, Cache API, Headers: "allows resource purging by tag"), so an
 * operator's purge of `iiif:<id>` reaches the stored derivatives too.
 */

/** Bump when the bytes for the same key could change: codec settings, limits, pipeline changes (v2: the TypeScript JPEG encoder and resampler). */
export const CACHE_FORMAT = 'v2';

export interface DerivativeKey {
  readonly tier: string;
  readonly sourceEtag: string;
  readonly version: 2 | 3;
  readonly variant: 'main' | 'capped';
  readonly id: string;
  readonly canonical: string;
  /** Anything else that changes output bytes for the same canonical request (e.g. the limits). */
  readonly salt: string;
}

const HOST = 'https://derivatives.iiif-edge.internal';
/** Where the identifier sits among the key's path segments (after format, salt, tier, etag, version, variant). */
const ID_SEGMENT = 6;

export function derivativeCacheUrl(k: DerivativeKey): string {
  const etag = k.sourceEtag.replace(/[^A-Za-z0-9_-]/g, '');
  return `${HOST}/${CACHE_FORMAT}/${k.salt}/${k.tier}/${etag}/${k.version}/${k.variant}/${encodeURIComponent(k.id)}/${k.canonical}`;
}

/** The identifier a key made by derivativeCacheUrl was made for, or null for any other URL. */
export function idOfCacheUrl(url: string): string | null {
  if (!url.startsWith(`${HOST}/`)) return null;
  const segment = url.slice(HOST.length + 1).split('/')[ID_SEGMENT];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Cloudflare Cache-Tag of everything served for one identifier (purge by tag). Percent-encoded, so a
 * tag has no spaces or commas (the header's separators) whatever the identifier holds.
 */
export function cacheTagFor(id: string): string {
  return `iiif:${encodeURIComponent(id)}`;
}

export interface CachedDerivative {
  readonly body: ArrayBuffer;
  readonly contentType: string;
  /** How the stored bytes were first made (`passthrough` or `transcode`), reported again on a hit. */
  readonly path: string;
}

export interface NewDerivative {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly path: string;
}

/** The Cache API behind a tiny interface, so the service does not depend on the global. */
export interface DerivativeStore {
  get(url: string): Promise<CachedDerivative | null>;
  put(url: string, value: NewDerivative, maxAge: number): Promise<void>;
}

export class CacheApiStore implements DerivativeStore {
  private cache: Promise<Cache> | undefined;
  constructor(private readonly name = 'iiif-derivatives') {}

  private open(): Promise<Cache> {
    this.cache ??= caches.open(this.name);
    return this.cache;
  }

  async get(url: string): Promise<CachedDerivative | null> {
    const hit = await (await this.open()).match(url);
    if (hit === undefined) return null;
    return {
      body: await hit.arrayBuffer(),
      contentType: hit.headers.get('Content-Type') ?? 'application/octet-stream',
      path: hit.headers.get('X-Render-Path') ?? 'transcode',
    };
  }

  async put(url: string, value: NewDerivative, maxAge: number): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': value.contentType,
      'Cache-Control': `public, max-age=${maxAge}`,
      'X-Render-Path': value.path,
    };
    const id = idOfCacheUrl(url);
    if (id !== null) headers['Cache-Tag'] = cacheTagFor(id);
    await (await this.open()).put(url, new Response(value.body, { headers }));
  }
}

/** For runtimes without the Cache API (and to switch caching off): never hits, stores nothing. */
export const NO_DERIVATIVE_STORE: DerivativeStore = {
  get: async () => null,
  put: async () => undefined,
};
