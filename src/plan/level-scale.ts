/**
 * How a pyramid level relates to full-resolution pixels. Most pyramids halve each level with either
 * rounding: our builder writes ceil(W/2^k) (docs/ARCHITECTURE.md §2), other tools write floor. When a level's sizes are
 * W/s rounded either way for one integer s in both dimensions, full pixel x maps to level pixel x/s exactly,
 * which keeps IIIF tile requests (tile × scale factor regions) on stored tile boundaries. Any other level
 * falls back to its real per-dimension ratio.
 */
import type { PyramidIndex, PyramidLevel } from '../tiff/pyramid';

export interface LevelScale {
  /** Full-resolution pixels per level pixel, horizontally and vertically. */
  readonly x: number;
  readonly y: number;
  /** The integer scale factor when the level is W/s and H/s rounded either way; null otherwise. */
  readonly factor: number | null;
}

function roundsTo(full: number, s: number, level: number): boolean {
  return level === Math.floor(full / s) || level === Math.ceil(full / s);
}

export function levelScale(index: PyramidIndex, level: PyramidLevel): LevelScale {
  const s = Math.max(1, Math.round(index.width / level.width));
  if (roundsTo(index.width, s, level.width) && roundsTo(index.height, s, level.height)) {
    return { x: s, y: s, factor: s };
  }
  return { x: index.width / level.width, y: index.height / level.height, factor: null };
}
