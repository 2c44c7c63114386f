/**
 * Places decoded tiles into a target raster that covers a rectangle of the level (the crop, or a band of
 * it). Only the tile's real extent counts: padding beyond the level edge (TIFF 6.0 §15, "tiles at the
 * right and bottom edges are padded") never reaches the output.
 */
import type { Rect } from '../iiif/types';
import type { Raster } from './raster';

/** Where a decoded tile sits, in level pixels, and how much of it is real image. */
export interface TilePlacement {
  readonly x: number;
  readonly y: number;
  /** Real width/height: tile size clipped to the level's extent. */
  readonly w: number;
  readonly h: number;
}

/** The part of `a` that is also in `b`, or null when they do not overlap. */
export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.w, b.x + b.w);
  const y2 = Math.min(a.y + a.h, b.y + b.h);
  return x2 > x && y2 > y ? { x, y, w: x2 - x, h: y2 - y } : null;
}

/**
 * Copies the overlap of `tile` (placed at `at`) and `targetRect` into `target`, which holds exactly the
 * pixels of `targetRect`. Writes into `target` (a buffer the caller owns and is still filling).
 */
export function blitTile(tile: Raster, at: TilePlacement, target: Raster, targetRect: Rect): void {
  const o = intersect(at, targetRect);
  if (o === null) return;
  const rowBytes = o.w * 4;
  for (let y = 0; y < o.h; y++) {
    const src = ((o.y - at.y + y) * tile.width + (o.x - at.x)) * 4;
    const dst = ((o.y - targetRect.y + y) * target.width + (o.x - targetRect.x)) * 4;
    target.data.set(tile.data.subarray(src, src + rowBytes), dst);
  }
}
