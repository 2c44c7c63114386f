/**
 * Groups the stored bytes of a plan's tiles into as few range reads as is sensible. Tiles are taken in file
 * order; one whose bytes start no more than RUN_MAX_GAP bytes after the current run's end joins it. Exactly
 * adjacent tiles (offset[i] + count[i] === offset[j]) are the usual case in our files and in vips output;
 * the small gap tolerance also merges layouts with per-tile padding (GDAL COG block leaders/trailers) or a
 * few tiny tiles in between, where an extra R2 round trip costs far more than reading and dropping 1 KiB.
 * Readers therefore slice each tile by its own offset within the run. Sparse tiles (byte count 0) have no
 * bytes and stay out of every run; they render as background.
 */
import type { PyramidLevel } from '../tiff/pyramid';
import type { ByteRun, TileRef } from './types';

export const RUN_MAX_GAP = 1024;

export function byteRuns(level: PyramidLevel, tiles: readonly TileRef[], maxGap = RUN_MAX_GAP): ByteRun[] {
  const stored = tiles
    .filter((t) => level.tileByteCounts[t.index]! > 0)
    .sort((a, b) => level.tileOffsets[a.index]! - level.tileOffsets[b.index]!);
  const runs: { offset: number; end: number; tiles: TileRef[] }[] = [];
  for (const tile of stored) {
    const offset = level.tileOffsets[tile.index]!;
    const end = offset + level.tileByteCounts[tile.index]!;
    const last = runs[runs.length - 1];
    if (last !== undefined && offset - last.end <= maxGap) {
      // Also covers tiles that share bytes with an earlier one (some writers deduplicate identical tiles).
      last.end = Math.max(last.end, end);
      last.tiles.push(tile);
    } else {
      runs.push({ offset, end, tiles: [tile] });
    }
  }
  return runs.map((r) => ({ offset: r.offset, length: r.end - r.offset, tiles: r.tiles }));
}
