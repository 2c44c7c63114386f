/**
 * Configuration, parsed once per isolate from the Worker's env and frozen. This is the only module that
 * reads env; everything else receives a Config. Invalid settings throw ConfigError at start.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface Limits {
  /** Largest output width/height/area the Worker renders; advertised in info.json (Image API 3.0 §5.3). */
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxArea: number;
}

export interface Config {
  /** Public base URL without a trailing slash, or null to use the request's own origin (local use). */
  readonly publicBaseUrl: string | null;
  /** R2 key template; `{id}` is replaced by the decoded identifier. */
  readonly keyTemplate: string;
  readonly limits: Limits;
  /** max-age for open content in seconds. */
  readonly cacheMaxAge: number;
  /** How long an isolate trusts a cached pyramid index / info before checking the etag again. */
  readonly revalidateSeconds: number;
  /** Log one line per request (off for benchmarks). */
  readonly logRequests: boolean;
  /** How long one R2 call may take before it is retried once, then answered 503 (src/source/resilient-bucket.ts). */
  readonly storageTimeoutMs: number;
  /** The catalogue (D1): how long a manifest or collection waits for it before answering 503. */
  readonly catalogTimeoutMs: number;
  /** Most items one Presentation collection lists; larger ones are split into nested ranges (docs/CATALOGUE.md). */
  readonly collectionPageSize: number;
}

/**
 * Default limits, measured (docs/LIMITS.md): at a 1024×768 output from a crop just under twice that size,
 * an isolate that has served jpg, png and webp holds about 74 MiB of WASM linear memory (which never
 * shrinks) plus ~9 MB of pipeline buffers and its JS heap: under 100 MB of the 128 MB. At 1024² the same
 * sum reaches ~100 MB. Width and height may reach 2048 as long as the area stays within maxArea.
 */
export const DEFAULT_LIMITS: Limits = Object.freeze({ maxWidth: 2048, maxHeight: 2048, maxArea: 786_432 });

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

function baseUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_BASE_URL must be http(s): "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError('PUBLIC_BASE_URL must not carry a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function keyTemplate(raw: string | undefined): string {
  const t = raw === undefined || raw.trim() === '' ? '{id}.tif' : raw.trim();
  if (t.split('{id}').length !== 2) throw new ConfigError(`KEY_TEMPLATE must contain {id} exactly once: "${t}"`);
  return t;
}

function collectionPageSize(raw: string | undefined): number {
  const n = positiveInt('COLLECTION_PAGE_SIZE', raw, 1000);
  // A split needs at least two items a level, and a listing must stay one D1 read (LIMIT n + 1).
  if (n < 2 || n > 10_000) throw new ConfigError(`COLLECTION_PAGE_SIZE must be between 2 and 10000, got "${raw}"`);
  return n;
}

/** The plain-string [vars] of the Worker's env (bindings are ignored here). */
export type Vars = Readonly<Record<string, unknown>>;

function str(env: Vars, name: string): string | undefined {
  const v = env[name];
  return typeof v === 'string' ? v : undefined;
}

export function loadConfig(env: Vars): Config {
  const limits: Limits = Object.freeze({
    maxWidth: positiveInt('MAX_WIDTH', str(env, 'MAX_WIDTH'), DEFAULT_LIMITS.maxWidth),
    maxHeight: positiveInt('MAX_HEIGHT', str(env, 'MAX_HEIGHT'), DEFAULT_LIMITS.maxHeight),
    maxArea: positiveInt('MAX_AREA', str(env, 'MAX_AREA'), DEFAULT_LIMITS.maxArea),
  });
  return Object.freeze({
    publicBaseUrl: baseUrl(str(env, 'PUBLIC_BASE_URL')),
    keyTemplate: keyTemplate(str(env, 'KEY_TEMPLATE')),
    limits,
    cacheMaxAge: positiveInt('CACHE_MAX_AGE', str(env, 'CACHE_MAX_AGE'), 86_400),
    revalidateSeconds: positiveInt('REVALIDATE_SECONDS', str(env, 'REVALIDATE_SECONDS'), 60),
    logRequests: (str(env, 'LOG_REQUESTS') ?? 'true') !== 'false',
    storageTimeoutMs: positiveInt('R2_TIMEOUT_MS', str(env, 'R2_TIMEOUT_MS'), 5_000),
    // D1 answers an indexed read in a few ms; a second means a failing replica or a cold, overloaded
    // primary, and a viewer is better told to retry than kept waiting.
    catalogTimeoutMs: positiveInt('CATALOG_TIMEOUT_MS', str(env, 'CATALOG_TIMEOUT_MS'), 2000),
    collectionPageSize: collectionPageSize(str(env, 'COLLECTION_PAGE_SIZE')),
  });
}
