/**
 * `Link` header values for image and info responses: the compliance profile (3.0 §6, 2.1 §6: the profile
 * document URI with rel="profile") and, on image responses, the canonical URL (3.0 §4.8, 2.1 §4.7).
 */
import type { ApiVersion } from './types';

export function profileUri(version: ApiVersion): string {
  return `http://iiif.io/api/image/${version}/level2.json`;
}

/** One header value; `canonicalUrl` is null for info.json responses. */
export function linkHeaders(version: ApiVersion, canonicalUrl: string | null): string {
  const profile = `<${profileUri(version)}>;rel="profile"`;
  return canonicalUrl === null ? profile : `${profile}, <${canonicalUrl}>;rel="canonical"`;
}
