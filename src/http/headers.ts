/**
 * Pure builders for response headers shared by the IIIF routes: CORS (open content), ETag, the
 * info.json media types (Image API 3.0 §6.1, 2.1 §5) and conditional-request checks.
 */
import { corsHeaders } from '../auth/cors';
import type { ApiVersion } from '../iiif/types';

/** CORS for content everyone may read (the rules for restricted content live in auth/cors.ts). */
export function openCors(): Record<string, string> {
  return corsHeaders(null, 'open', { viewerOrigins: [] });
}

/** Preflight answer (Fetch standard CORS protocol): any origin, safe methods, the headers asked for. */
export function preflightHeaders(requestedHeaders: string | null): Record<string, string> {
  return {
    ...openCors(),
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': requestedHeaders ?? 'Authorization, Accept, Range, If-None-Match',
    'Access-Control-Max-Age': '86400',
  };
}

export const INFO3_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"';

/** Whether an Accept header lists `type` with a non-zero quality (RFC 9110 §12.5.1). */
function accepts(accept: string, type: string): boolean {
  return accept.split(',').some((range) => {
    const [media, ...params] = range.trim().toLowerCase().split(';');
    if (media?.trim() !== type) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The info.json media type by content negotiation. 3.0 §5.1: the service sends JSON-LD with the 3.0
 * profile, unless the client asks for plain JSON and not for JSON-LD. 2.1 §5.1: plain JSON unless the
 * client explicitly asks for JSON-LD.
 */
export function infoContentType(version: ApiVersion, accept: string | null): string {
  const a = accept ?? '';
  const ld = accepts(a, 'application/ld+json');
  if (version === 3) return !ld && accepts(a, 'application/json') ? 'application/json' : INFO3_CONTENT_TYPE;
  return ld ? 'application/ld+json;profile="http://iiif.io/api/image/2/context.json"' : 'application/json';
}

/**
 * Served as plain JSON, the document points to its JSON-LD context with a Link header (JSON-LD 1.1 §6.1;
 * 2.1 §5.1 recommends it).
 */
export function contextLink(version: ApiVersion, contentType: string): string | null {
  if (!contentType.startsWith('application/json')) return null;
  return `<http://iiif.io/api/image/${version}/context.json>;rel="http://www.w3.org/ns/json-ld#context";type="application/ld+json"`;
}

/** FNV-1a, 32 bit; enough to tell canonical requests apart inside one source etag. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Strong ETag from the source object's etag and what was asked of it (canonical request plus anything
 * else that changes the bytes, such as the access tier); the same request on the same object version
 * always yields the same ETag.
 */
export function makeEtag(sourceEtag: string, ...parts: string[]): string {
  const text = parts.join('|');
  const a = fnv1a(text).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x01000193).toString(16).padStart(8, '0');
  return `"${sourceEtag.replace(/"/g, '')}-${a}${b}"`;
}

/** RFC 9110 §13.1.2: does If-None-Match match this ETag (weak comparison)? */
export function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}
