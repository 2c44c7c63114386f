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

/** 2.1 §5.1: application/json unless the client asks for JSON-LD. */
export function infoContentType(version: ApiVersion, accept: string | null): string {
  if (version === 3) return INFO3_CONTENT_TYPE;
  return accept !== null && accept.includes('application/ld+json')
    ? 'application/ld+json;profile="http://iiif.io/api/image/2/context.json"'
    : 'application/json';
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
