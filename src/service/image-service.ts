/**
 * Protocol-agnostic orchestration of one image request: open the pyramid, resolve the request against
 * it, plan, then execute the plan — passthrough (stored tile bytes, no decoding) or transcode (WASM
 * pipeline). Returns bytes and facts; turning them into HTTP is the route's job.
 */
import type { Limits } from '../config';
import { resolveRequest } from '../iiif/resolve';
import type { ImageRequest, ResolvedRequest } from '../iiif/types';
import { renderTranscode } from '../pixels/render';
import { planRender } from '../plan/plan-render';
import type { PassthroughPlan } from '../plan/types';
import type { ReadStats } from '../source/range-source';
import { jpegSize, patchJpegHeight, spliceJpeg } from '../tiff/jpeg';
import type { PyramidLevel } from '../tiff/pyramid';
import type { ImageStore } from './image-store';
import { readTiles } from './read-tiles';
import type { Timing } from './timing';

export type RenderPath = 'passthrough' | 'transcode';

export interface RenderedImage {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly path: RenderPath;
  readonly resolved: ResolvedRequest;
  /** The source object's etag, for the response ETag and cache keys. */
  readonly sourceEtag: string;
}

/** Stored tile → standalone JPEG of the tile's real size (bottom-edge tiles get their SOF height cut). */
function passthroughBytes(plan: PassthroughPlan, level: PyramidLevel, tile: Uint8Array): Uint8Array<ArrayBuffer> {
  const jpeg = spliceJpeg(level.jpegTables, tile, level.photometric === 'rgb');
  if (jpegSize(jpeg).height !== plan.height) patchJpegHeight(jpeg, plan.height);
  return jpeg;
}

export async function renderImage(
  store: ImageStore,
  request: ImageRequest,
  limits: Limits,
  timing: Timing,
  stats: ReadStats,
): Promise<RenderedImage> {
  return store.withImage(request.id, stats, async (image) => {
    const { index } = image;
    const resolved = resolveRequest(request, { width: index.width, height: index.height, channels: index.channels }, limits);
    const plan = planRender(resolved, index);
    const level = index.levels[plan.level]!;
    const tiles = await readTiles(image.source, level, plan.runs);
    if (plan.kind === 'passthrough') {
      const tile = tiles.get(plan.tile.index);
      if (tile !== undefined) {
        const body = passthroughBytes(plan, level, tile);
        return { body, contentType: 'image/jpeg', path: 'passthrough', resolved, sourceEtag: image.etag };
      }
    }
    const transcode = plan.kind === 'transcode' ? plan : null;
    if (transcode === null) throw new Error('passthrough plan without its tile');
    const out = await renderTranscode(transcode, level, tiles, timing);
    return { body: out.body, contentType: out.contentType, path: 'transcode', resolved, sourceEtag: image.etag };
  });
}
