/**
 * The capped tier as an image service of its own (`{base}/iiif/3/{id}/capped`): its size is the largest
 * pyramid level whose long side is at most maxSize. Pyramid levels are exactly ceil(W/2^k) (docs/ARCHITECTURE.md §2),
 * so the capped service is "level k" and its tiles map onto stored tiles of that level.
 */
import type { Size } from './decide';

/**
 * Index of the largest level (levels ordered largest first, as in PyramidIndex.levels) whose long side
 * is ≤ maxSize. If even the smallest level is larger, the smallest level is returned (the cap then
 * cannot be met by a stored level; the planner's scale check still applies).
 */
export function cappedLevel(levelSizes: readonly Size[], maxSize: number): number {
  if (levelSizes.length === 0) throw new RangeError('cappedLevel: no levels');
  let best = -1;
  let bestLong = -1;
  levelSizes.forEach((s, i) => {
    const long = Math.max(s.width, s.height);
    if (long <= maxSize && long > bestLong) {
      best = i;
      bestLong = long;
    }
  });
  if (best >= 0) return best;
  // Nothing fits: the smallest level is the closest to the cap.
  let smallest = 0;
  levelSizes.forEach((s, i) => {
    const cur = levelSizes[smallest] as Size;
    if (Math.max(s.width, s.height) < Math.max(cur.width, cur.height)) smallest = i;
  });
  return smallest;
}
