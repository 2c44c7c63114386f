/**
 * CORS for content that may depend on who asks (Fetch standard, CORS protocol). Open content and
 * anything everyone gets anyway (the capped tier, denial bodies, probe results) is `*`; content served
 * to an identity (the full tier) is readable only by configured viewer origins. A configured origin is
 * always reflected with credentials allowed, because its requests may carry the Access cookie and a
 * credentialed response may not say `*`. Whenever the answer depends on Origin, `Vary: Origin` says so.
 */
import type { AuthConfig, Tier } from './types';

/**
 * What the response carries: a served tier, a denial (401/403 body, e.g. the Auth 1.0 info.json), or a
 * probe result (IIIF Auth 2.0 §5.2).
 */
export type CorsScope = Tier | 'denied' | 'probe';

/** Headers a viewer's script may read on a cross-origin response. */
const EXPOSED = 'Link, ETag, Server-Timing, Content-Length, Content-Type';

export function corsHeaders(
  requestOrigin: string | null,
  scope: CorsScope,
  cfg: Pick<AuthConfig, 'viewerOrigins'>,
): Record<string, string> {
  if (scope === 'open') return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED };
  if (requestOrigin !== null && cfg.viewerOrigins.includes(requestOrigin)) {
    return {
      'Access-Control-Allow-Origin': requestOrigin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': EXPOSED,
      Vary: 'Origin',
    };
  }
  if (scope === 'full') return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED, Vary: 'Origin' };
}

/**
 * Answer to a preflight (OPTIONS) on a restricted path. The probe is called with
 * `Authorization: Bearer …` (IIIF Auth 2.0 §5.1), which makes it a preflighted request; `Authorization`
 * must be named explicitly because `*` in Allow-Headers does not cover it.
 */
export function corsPreflight(
  requestOrigin: string | null,
  cfg: Pick<AuthConfig, 'viewerOrigins'>,
): Record<string, string> {
  return {
    ...corsHeaders(requestOrigin, 'probe', cfg),
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Accept, Range, If-None-Match',
    'Access-Control-Max-Age': '600',
  };
}
