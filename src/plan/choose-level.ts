/**
 * Level choice: the most reduced level that still has at least the output's resolution in both
 * dimensions, so the pixel pipeline only ever shrinks. "At least" allows a shortfall of under one output
 * pixel, because IIIF clients round edge-tile sizes up (3.0 implementation notes §3, 2.1 Appendix A: `ws =
 * (width - xr + s - 1) / s`): an edge tile at scale factor s is (width - xr) / s level pixels, a fraction
 * short of the size asked for, and it must still come from level log2(s) to be one stored tile.
 */
import type { Rect } from '../iiif/types';
import type { PyramidIndex } from '../tiff/pyramid';
import { levelScale } from './level-scale';

/** Returns the level number; level 0 when even full resolution is below the output (upscaling). */
export function chooseLevel(index: PyramidIndex, region: Rect, width: number, height: number): number {
  for (let i = index.levels.length - 1; i > 0; i--) {
    const scale = levelScale(index, index.levels[i]!);
    if (region.w / scale.x > width - 1 && region.h / scale.y > height - 1) return i;
  }
  return 0;
}
