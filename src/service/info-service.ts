/**
 * info.json for one image in either API version: opens the pyramid (usually from isolate memory) and
 * describes its real levels and the limits the Worker holds.
 */
import type { Limits } from '../config';
import { buildInfo2, buildInfo3, sizesFor, tilesFor } from '../iiif/info';
import type { ApiVersion } from '../iiif/types';
import type { ReadStats } from '../source/range-source';
import type { ImageStore } from './image-store';

export interface InfoResult {
  readonly doc: Record<string, unknown>;
  readonly sourceEtag: string;
}

export async function describeImage(
  store: ImageStore,
  version: ApiVersion,
  id: string,
  serviceId: string,
  limits: Limits,
  stats: ReadStats,
  services: readonly unknown[] = [],
): Promise<InfoResult> {
  const image = await store.open(id, stats);
  const { index } = image;
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
  const doc = version === 3 ? buildInfo3(input) : buildInfo2(input);
  return { doc: doc as Record<string, unknown>, sourceEtag: image.etag };
}
