/**
 * info.json for one image in either API version, for its main service or its capped tier: describes
 * the real levels (of the view being served) and the limits the Worker holds, plus any auth services.
 */
import type { Limits } from '../config';
import { buildInfo2, buildInfo3, sizesFor, tilesFor } from '../iiif/info';
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
