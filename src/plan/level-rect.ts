/**
 * A full-resolution region mapped onto one level: the smallest rectangle of whole level pixels that covers
 * it, clipped to the level (a floor-rounded level lacks the partial last pixel a ceil-rounded one has).
 */
import type { Rect } from '../iiif/types';
import type { PyramidLevel } from '../tiff/pyramid';
import type { LevelScale } from './level-scale';

/** Guards floor/ceil against 255.99999999 from a non-integer ratio. */
const EPSILON = 1e-9;

function span(start: number, length: number, per: number, size: number): [number, number] {
  const from = Math.min(size - 1, Math.floor(start / per + EPSILON));
  const to = Math.min(size, Math.ceil((start + length) / per - EPSILON));
  return [from, Math.max(to, from + 1)];
}

export function regionToLevel(region: Rect, scale: LevelScale, level: PyramidLevel): Rect {
  const [x0, x1] = span(region.x, region.w, scale.x, level.width);
  const [y0, y1] = span(region.y, region.h, scale.y, level.height);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
