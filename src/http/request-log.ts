/**
 * Operators' log: one JSON object per request on one console.log line (Workers Logs and Logpush read it
 * as is). A middleware in src/app.ts opens a RequestRecord for every request and writes it when the
 * response is ready; handlers fill in only what they alone know (the read statistics and stage timings
 * they already keep for Server-Timing, the access tier, the path taken, an error's reason). The route kind
 * and identifier come from the URL here, so most handlers need not touch the record at all.
 *
 * Never logged: tokens, cookies, e-mail addresses (a 403 reason names the caller's address: redacted), the
 * query string (the token pages carry viewer origins and message ids there) and request headers other
 * than `cf-ray`.
 */
import type { Context } from 'hono';
import { HttpError } from '../errors';
import type { Timing } from '../service/timing';
import type { ReadStats } from '../source/range-source';
import { parseIiifPath } from './iiif-path';

export type RouteKind = 'info' | 'image' | 'probe' | 'base' | 'manifest' | 'collection' | 'auth' | 'viewer' | 'health' | 'other';

/** Path taken: how the answer was made (image routes), or what kind of refusal or redirect it was. */
export type PathTaken = 'passthrough' | 'transcode' | 'cache-hit' | 'not-modified' | 'info' | 'redirect' | 'denied' | 'manifest';

/** The Hono context variable holding this request's record. */
export const RECORD_KEY = 'requestRecord';

const MAX_FIELD = 512;
// Addresses (RFC 5322's common form) and JWS compact serialisations (RFC 7515 §7.1: base64url JSON header
// starting `{"` → `eyJ`). Applied to every free-text field: identifiers and paths are the caller's text.
const EMAIL = /[^\s@"'<>(),;:/]+@[^\s@"'<>(),;:/]+\.[^\s@"'<>(),;:/]+/g;
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

export function redact(text: string): string {
  const clean = text.replace(JWT, '[token]').replace(EMAIL, '[email]');
  return clean.length > MAX_FIELD ? `${clean.slice(0, MAX_FIELD)}…` : clean;
}

/** Route kind and identifier from the path alone (pure; a path that does not parse is kind `other`). */
export function routeOf(pathname: string): { kind: RouteKind; id: string | null } {
  const after = (prefix: string): string | null => {
    try {
      const rest = pathname.slice(prefix.length);
      return rest === '' ? null : decodeURIComponent(rest);
    } catch {
      return null;
    }
  };
  if (pathname === '/health') return { kind: 'health', id: null };
  if (pathname.startsWith('/auth/')) return { kind: 'auth', id: null };
  if (pathname.startsWith('/viewer/')) return { kind: 'viewer', id: after('/viewer/') };
  if (pathname.startsWith('/iiif/manifest/')) return { kind: 'manifest', id: after('/iiif/manifest/') };
  if (pathname.startsWith('/iiif/collection/')) return { kind: 'collection', id: after('/iiif/collection/') };
  if (pathname.startsWith('/iiif/')) {
    try {
      const target = parseIiifPath(pathname);
      return { kind: target.kind, id: target.id };
    } catch {
      return { kind: 'other', id: null };
    }
  }
  return { kind: 'other', id: null };
}

export class RequestRecord {
  readonly time = new Date().toISOString();
  private readonly started = performance.now();
  readonly requestId: string;
  readonly method: string;
  readonly pathname: string;
  kind: RouteKind;
  id: string | null;
  path: PathTaken | null = null;
  /** The collection policy (open / restricted / tiered) and the tier served (open / full / capped / denied). */
  policy: string | null = null;
  tier: string | null = null;
  reason: string | null = null;
  /** D1 queries made for this request; the catalogue's data layer increments it. */
  d1Queries = 0;
  private stats: ReadStats | null = null;
  private timing: Timing | null = null;

  constructor(request: Request) {
    const url = new URL(request.url);
    this.requestId = request.headers.get('cf-ray') ?? crypto.randomUUID();
    this.method = request.method;
    this.pathname = url.pathname;
    const { kind, id } = routeOf(url.pathname);
    this.kind = kind;
    this.id = id;
  }

  /** The read statistics and stage timings the handler keeps for Server-Timing. */
  measuring(stats: ReadStats, timing?: Timing): void {
    this.stats = stats;
    if (timing !== undefined) this.timing = timing;
  }

  /** An error's one-line reason; for an unexpected error its name and first line (the stack goes to console.error). */
  fail(err: unknown): void {
    if (err instanceof HttpError) this.reason = err.message;
    else if (err instanceof Error) this.reason = `internal error: ${err.name}: ${err.message.split('\n')[0]}`;
    else this.reason = `internal error: ${typeof err}`;
  }

  /** The log line's object. */
  line(status: number): Record<string, unknown> {
    const ms: Record<string, number> = {};
    if (this.stats !== null) ms['r2'] = round(this.stats.ms);
    for (const e of this.timing?.entries() ?? []) ms[e.name] = round(e.dur);
    ms['total'] = round(performance.now() - this.started);
    return {
      time: this.time,
      requestId: redact(this.requestId),
      method: this.method,
      route: this.kind,
      // Decoded before redaction, so that `%40` cannot hide an address from it.
      pathname: redact(decodeSafely(this.pathname)),
      id: this.id === null ? null : redact(this.id),
      status,
      path: this.path,
      policy: this.policy,
      tier: this.tier,
      r2: { reads: this.stats?.reads ?? 0, bytes: this.stats?.bytes ?? 0, shared: this.stats?.shared ?? 0 },
      d1: { queries: this.d1Queries },
      ms,
      ...(this.reason === null ? {} : { reason: redact(this.reason) }),
    };
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** This request's record; a detached one when the handler runs outside the app (it is then not written). */
export function recordOf(c: Context): RequestRecord {
  const rec = c.get(RECORD_KEY) as RequestRecord | undefined;
  if (rec !== undefined) return rec;
  const detached = new RequestRecord(c.req.raw);
  c.set(RECORD_KEY, detached);
  return detached;
}
