/**
 * The render planner: a ResolvedRequest and a PyramidIndex in, a RenderPlan out (docs/ARCHITECTURE.md §3 step 5). Picks
 * the level, maps the region onto it, lists the covering tiles and the range reads, and either passes one
 * stored tile through or describes the transcode. Pure; the executor does the I/O.
 */
import type { ResolvedRequest } from '../iiif/types';
import type { PyramidIndex } from '../tiff/pyramid';
import { byteRuns } from './byte-runs';
import { chooseLevel } from './choose-level';
import { levelScale } from './level-scale';
import { regionToLevel } from './level-rect';
import { edgeCopy, passthroughBlocker } from './passthrough';
import { tileSpan, tilesIn } from './tile-grid';
import type { RenderPlan } from './types';
import { BadRequest } from '../errors';

/**
 * Most level pixels one request may decode into its mosaic (RGBA: 64 MiB at this size). With the default
 * limits and level choice a mosaic stays under about 12 MP (at most twice the output per side plus a tile
 * of alignment), so this binds only on strongly distorting `w,h` sizes or on sources without reductions.
 */
export const MOSAIC_MAX_PIXELS = 16 * 1024 * 1024;

export interface PlanOptions {
  readonly mosaicMaxPixels?: number;
}

export function planRender(resolved: ResolvedRequest, index: PyramidIndex, options: PlanOptions = {}): RenderPlan {
  const levelNo = chooseLevel(index, resolved.region, resolved.width, resolved.height);
  const level = index.levels[levelNo]!;
  const scale = levelScale(index, level);
  const crop = regionToLevel(resolved.region, scale, level);
  const span = tileSpan(level, crop);
  const { mosaic } = span;
  const budget = options.mosaicMaxPixels ?? MOSAIC_MAX_PIXELS;
  const oneTile = span.col0 === span.col1 && span.row0 === span.row1;
  if (!oneTile && mosaic.w * mosaic.h > budget) {
    // A server-imposed size limit, so 400 as for sizes above maxWidth/maxArea (3.0 §4.2). Not 403: IIIF Auth
    // clients take 401/403 on an image as "needs login" (Auth 2.0 probe semantics).
    throw new BadRequest(
      `${resolved.canonical} needs ${mosaic.w}×${mosaic.h} source pixels decoded, above this service's budget of ` +
        `${budget} pixels; request a smaller region or a size closer to the region's aspect ratio`,
    );
  }
  const tiles = tilesIn(level, span);
  const runs = byteRuns(level, tiles);
  const blocker = passthroughBlocker(resolved, index, level, scale, crop, tiles);
  if (blocker === null) {
    const tile = tiles[0]!;
    // A partial-width right-edge tile is sent from its exact-size copy (the padded one cannot be cut).
    const edge = resolved.width < level.tileWidth ? edgeCopy(level, tile) : null;
    if (edge !== null) {
      const edgeRuns = [{ offset: edge.offset, length: edge.length, tiles: [tile] }];
      return { kind: 'passthrough', level: levelNo, tile, width: resolved.width, height: resolved.height, source: 'edge', runs: edgeRuns };
    }
    return { kind: 'passthrough', level: levelNo, tile, width: resolved.width, height: resolved.height, source: 'tile', runs };
  }
  return {
    kind: 'transcode',
    level: levelNo,
    tiles,
    runs,
    mosaic,
    crop,
    width: resolved.width,
    height: resolved.height,
    rotation: resolved.rotation,
    quality: resolved.quality,
    format: resolved.format,
    reason: blocker,
  };
}
