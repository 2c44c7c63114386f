/**
 * The capped tier of a tiered image as a pyramid of its own: the levels from the capped level down, with
 * that level as "full resolution". Planning against it maps the capped service's coordinates onto stored
 * tiles of the real levels, so its deep-zoom tiles pass through like any others.
 */
import { cappedLevel } from '../auth/capped';
import type { PyramidIndex } from '../tiff/pyramid';

export interface CappedView {
  readonly index: PyramidIndex;
  /** Full-resolution pixels per capped-service pixel (2^k for the builder's pyramids). */
  readonly scaleX: number;
  readonly scaleY: number;
}

export function cappedView(index: PyramidIndex, maxSize: number): CappedView {
  const k = cappedLevel(index.levels, maxSize);
  const top = index.levels[k]!;
  return {
    index: Object.freeze({ width: top.width, height: top.height, channels: index.channels, levels: Object.freeze(index.levels.slice(k)) }),
    scaleX: index.width / top.width,
    scaleY: index.height / top.height,
  };
}
