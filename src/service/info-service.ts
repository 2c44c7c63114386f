/**
 * info.json for one image in either API version, for its main service or its capped tier: describes
 * the real levels (of the view being served) and the limits the Worker holds, plus any auth services.
 */
import type { Limits } from '../config';
import { buildInfo2, buildInfo3, sizesFor, tilesFor } from '../iiif/info';
import { CONTEXT_2, LEVEL2_PROFILE_2 } from '../iiif/info2';
import { CONTEXT_3, PROTOCOL } from '../iiif/info3';
import type { ApiVersion } from '../iiif/types';
import type { PyramidIndex } from '../tiff/pyramid';

export function describeIndex(
  index: PyramidIndex,
  version: ApiVersion,
  serviceId: string,
  limits: Limits,
  services: readonly unknown[] = [],
  context?: string | readonly string[],
): Record<string, unknown> {
  const input = {
    id: serviceId,
    width: index.width,
    height: index.height,
    channels: index.channels,
    tiles: tilesFor(index),
    sizes: sizesFor(index),
    limits,
    services: [...services],
  };
  const doc = (version === 3 ? buildInfo3(input) : buildInfo2(input)) as Record<string, unknown>;
  // Auth 2.0 §2.1: with auth services embedded, the auth context comes first (same key position).
  if (version === 3 && context !== undefined) doc['@context'] = context;
  return doc;
}

/**
 * The info.json sent under 401/403 to a caller who may not see the image (Auth 1.0 §3 asks for the
 * document with its auth services, so the viewer can offer to sign in). Built without opening the object,
 * so it is the same whether the image exists or not (docs/ACCESS.md § What a refusal reveals): the
 * service's id, protocol, profile and auth services; no size, tiles or sizes, which would tell them apart.
 */
export function describeRefusal(
  version: ApiVersion,
  serviceId: string,
  services: readonly unknown[],
  context?: string | readonly string[],
): Record<string, unknown> {
  if (version === 3) {
    return { '@context': context ?? CONTEXT_3, id: serviceId, type: 'ImageService3', protocol: PROTOCOL, profile: 'level2', service: [...services] };
  }
  return { '@context': CONTEXT_2, '@id': serviceId, protocol: PROTOCOL, profile: [LEVEL2_PROFILE_2], service: [...services] };
}
