/**
 * Executes a TranscodePlan: decode the covering tiles, stitch the crop (box-reduced on the way when it is
 * at least twice the output size, docs/LIMITS.md), resize, mirror and rotate (Image API 3.0 §4.4), apply
 * the quality (§4.5) and encode (§4.6). Steps are timed for Server-Timing.
 */
import type { Rect } from '../iiif/types';
import type { TileRef, TranscodePlan } from '../plan/types';
import type { Timing } from '../service/timing';
import type { PyramidLevel } from '../tiff/pyramid';
import { boxReducer, reductionFactor } from './box';
import { resize } from './codecs';
import { decodeTile } from './decode-tile';
import { encodeRaster } from './encode';
import { orient } from './orient';
import { applyQuality } from './quality';
import { solid, type Raster } from './raster';
import { blitTile, intersect, type TilePlacement } from './stitch';

const WHITE = [255, 255, 255] as const;

export interface RenderedImage {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

export async function renderTranscode(
  plan: TranscodePlan,
  level: PyramidLevel,
  tiles: ReadonlyMap<number, Uint8Array>,
  timing: Timing,
): Promise<RenderedImage> {
  const crop = intersect(plan.crop, { x: 0, y: 0, w: level.width, h: level.height });
  if (crop === null) throw new Error(`crop ${JSON.stringify(plan.crop)} lies outside level ${plan.level}`);
  const region = await stitchCrop(plan.tiles, level, tiles, crop, plan, timing);
  const sized = await timing.measure('resize', () => resize(region, plan.width, plan.height));
  const turned = await timing.measure('orient', () =>
    orient(sized, plan.rotation.mirror, plan.rotation.degrees),
  );
  const toned = await timing.measure('quality', () => applyQuality(turned, plan.quality));
  return timing.measure('encode', () => encodeRaster(toned, plan.format, plan.quality !== 'color'));
}

/** The tile's real extent in level pixels (edge tiles are padded beyond the level). */
function placement(level: PyramidLevel, t: TileRef): TilePlacement {
  const x = t.col * level.tileWidth;
  const y = t.row * level.tileHeight;
  return { x, y, w: Math.min(level.tileWidth, level.width - x), h: Math.min(level.tileHeight, level.height - y) };
}

async function decodeInto(
  level: PyramidLevel,
  refs: readonly TileRef[],
  tiles: ReadonlyMap<number, Uint8Array>,
  target: Raster,
  targetRect: Rect,
  timing: Timing,
): Promise<void> {
  for (const ref of refs) {
    const stored = tiles.get(ref.index);
    // A missing or empty tile is sparse (TileByteCounts 0): the target is already white there.
    if (stored === undefined || stored.length === 0) continue;
    const at = placement(level, ref);
    if (intersect(at, targetRect) === null) continue;
    const tile = await timing.measure('decode', () => decodeTile(level, stored));
    const real = { ...at, w: Math.min(at.w, tile.width), h: Math.min(at.h, tile.height) };
    timing.add('stitch', measure(() => blitTile(tile, real, target, targetRect)));
  }
}

/**
 * Stitches the crop. At reduction factor 1 the tiles go straight into the crop raster. Otherwise one
 * band (a tile row of the crop) at a time is stitched and fed to the box reducer, so the full-size crop
 * never exists: memory stays at the reduced crop plus one band.
 */
async function stitchCrop(
  refs: readonly TileRef[],
  level: PyramidLevel,
  tiles: ReadonlyMap<number, Uint8Array>,
  crop: Rect,
  plan: TranscodePlan,
  timing: Timing,
): Promise<Raster> {
  const f = reductionFactor(crop.w, crop.h, plan.width, plan.height);
  if (f === 1) {
    const out = solid(crop.w, crop.h, WHITE);
    await decodeInto(level, refs, tiles, out, crop, timing);
    return out;
  }
  const reducer = boxReducer(crop.w, crop.h, f);
  const firstRow = Math.floor(crop.y / level.tileHeight);
  const lastRow = Math.floor((crop.y + crop.h - 1) / level.tileHeight);
  for (let row = firstRow; row <= lastRow; row++) {
    const rowRect = { x: crop.x, y: row * level.tileHeight, w: crop.w, h: level.tileHeight };
    const bandRect = intersect(rowRect, crop)!;
    const band = solid(bandRect.w, bandRect.h, WHITE);
    const rowRefs = refs.filter((t) => t.row === row);
    await decodeInto(level, rowRefs, tiles, band, bandRect, timing);
    timing.add('stitch', measure(() => reducer.push(band)));
  }
  return reducer.result();
}

function measure(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
