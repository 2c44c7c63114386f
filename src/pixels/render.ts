/**
 * Executes a TranscodePlan: decode the covering tiles, stitch the crop (box-reduced or narrowed band by
 * band when it is large, so memory stays bounded: docs/LIMITS.md), resize, mirror and rotate (Image API 3.0 §4.4), apply
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
import { raster, solid, type Raster } from './raster';
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
  // One variable, reassigned, so each intermediate raster can be collected as soon as the next exists.
  let r = await stitchCrop(plan.tiles, level, tiles, crop, plan, timing);
  r = await timing.measure('resize', () => resize(r, plan.width, plan.height));
  r = await timing.measure('orient', () => orient(r, plan.rotation.mirror, plan.rotation.degrees));
  r = await timing.measure('quality', () => applyQuality(r, plan.quality));
  return timing.measure('encode', () => encodeRaster(r, plan.format, plan.quality !== 'color'));
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

/** Receives the crop one band (a tile row of it) at a time, top to bottom. */
interface BandSink {
  push(band: Raster): Promise<void>;
  result(): Raster;
}

/** Box-reduces the bands (box.ts). */
function reducingSink(crop: Rect, f: number, timing: Timing): BandSink {
  const reducer = boxReducer(crop.w, crop.h, f);
  return {
    push: async (band) => timing.add('stitch', measure(() => reducer.push(band))),
    result: () => reducer.result(),
  };
}

/**
 * Resamples each band across to the output width as it arrives (rows are independent in a horizontal-only
 * pass), so the full-width crop never exists; the vertical pass follows in resize().
 */
function acrossSink(crop: Rect, width: number, timing: Timing): BandSink {
  const out = new Uint8Array(width * crop.h * 4);
  let row = 0;
  return {
    async push(band) {
      const done = await timing.measure('resize', () => resize(band, width, band.height));
      out.set(done.data, row * width * 4);
      row += band.height;
    },
    result: () => raster(width, crop.h, out),
  };
}

/**
 * Stitches the crop. When its width is already the output width, tiles go straight into the crop raster.
 * Otherwise one band at a time is stitched and handed to a sink (box reduction, or the horizontal resize
 * pass), so only the reduced or narrowed crop plus one band exist at a time (docs/LIMITS.md). Resampling
 * band by band costs nothing extra: the horizontal pass is per row (resample.ts).
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
  if (f === 1 && crop.w === plan.width) {
    const out = solid(crop.w, crop.h, WHITE);
    await decodeInto(level, refs, tiles, out, crop, timing);
    return out;
  }
  const sink = f > 1 ? reducingSink(crop, f, timing) : acrossSink(crop, plan.width, timing);
  const firstRow = Math.floor(crop.y / level.tileHeight);
  const lastRow = Math.floor((crop.y + crop.h - 1) / level.tileHeight);
  for (let row = firstRow; row <= lastRow; row++) {
    const rowRect = { x: crop.x, y: row * level.tileHeight, w: crop.w, h: level.tileHeight };
    const bandRect = intersect(rowRect, crop)!;
    const band = solid(bandRect.w, bandRect.h, WHITE);
    await decodeInto(level, refs.filter((t) => t.row === row), tiles, band, bandRect, timing);
    await sink.push(band);
  }
  return sink.result();
}

function measure(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
