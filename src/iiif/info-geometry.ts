/**
 * The `sizes` and `tiles` an image service advertises, derived from the stored pyramid (Image API 3.0
 * §5.3–5.4, 2.1 §5.2). Each level's full size is a preferred size (it is read without resampling), and the
 * levels with an integer scale factor give the tile sets, grouped by tile dimensions.
 */
import { levelScale } from '../plan/level-scale';
import type { PyramidIndex } from '../tiff/pyramid';

export interface SizeEntry {
  readonly width: number;
  readonly height: number;
}

export interface TileSet {
  readonly width: number;
  readonly height: number;
  readonly scaleFactors: readonly number[];
}

/** Every level's size, smallest first, without duplicates. */
export function sizesFor(index: PyramidIndex): SizeEntry[] {
  const seen = new Set<string>();
  const sizes: SizeEntry[] = [];
  for (const level of index.levels) {
    const key = `${level.width}x${level.height}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sizes.push({ width: level.width, height: level.height });
  }
  return sizes.sort((a, b) => a.width * a.height - b.width * b.height);
}

/** One tile set per distinct tile size, with the integer scale factors of its levels, ascending. */
export function tilesFor(index: PyramidIndex): TileSet[] {
  const groups = new Map<string, { width: number; height: number; factors: Set<number> }>();
  for (const level of index.levels) {
    const { factor } = levelScale(index, level);
    if (factor === null) continue; // 3.0 §5.4: scale factors are positive integers
    const key = `${level.tileWidth}x${level.tileHeight}`;
    const group = groups.get(key) ?? { width: level.tileWidth, height: level.tileHeight, factors: new Set<number>() };
    group.factors.add(factor);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    width: g.width,
    height: g.height,
    scaleFactors: [...g.factors].sort((a, b) => a - b),
  }));
}
