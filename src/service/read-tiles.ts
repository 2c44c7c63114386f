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
  for (const run of runs) {
    // Offsets and byte counts are the file's word: refuse what lies past the object before reading it.
    if (run.offset + run.length > source.size) {
      throw new BrokenSource(`tiles ${run.tiles.map((t) => t.index).join(', ')} of IFD ${level.ifd} end at byte ${run.offset + run.length}, past the end of ${source.key} (${source.size} bytes)`);
    }
  }
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

/** Exactly `length` bytes at `offset`, or BrokenSource naming `what` (a clamped read would hide a truncated file). */
export async function readExact(source: RangeSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (offset + length > source.size) throw new BrokenSource(`${what} ends at byte ${offset + length}, past the end of ${source.key} (${source.size} bytes)`);
  const bytes = await source.read(offset, length);
  if (bytes.length !== length) throw new BrokenSource(`${what}: read ${bytes.length} of ${length} bytes from ${source.key}`);
  return bytes;
}
