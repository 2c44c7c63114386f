/**
 * Fetches the stored bytes of a plan's tiles: one range read per ByteRun (adjacent tiles merged by the
 * planner), all runs in parallel, then sliced per tile.
 */
import { BrokenSource } from '../errors';
import type { ByteRun } from '../plan/types';
import type { RangeSource } from '../source/range-source';
import type { PyramidLevel } from '../tiff/pyramid';

export async function readTiles(
  source: RangeSource,
  level: PyramidLevel,
  runs: readonly ByteRun[],
): Promise<Map<number, Uint8Array>> {
  const tiles = new Map<number, Uint8Array>();
  await Promise.all(
    runs.map(async (run) => {
      const bytes = await source.read(run.offset, run.length);
      for (const t of run.tiles) {
        const start = level.tileOffsets[t.index]! - run.offset;
        const end = start + level.tileByteCounts[t.index]!;
        if (end > bytes.length) throw new BrokenSource(`tile ${t.index} of IFD ${level.ifd} runs past the end of ${source.key}`);
        tiles.set(t.index, bytes.subarray(start, end));
      }
    }),
  );
  return tiles;
}
