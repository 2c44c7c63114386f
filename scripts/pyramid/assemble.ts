/**
 * Writes the final pyramid file: the header from the TIFF writer, then each level's tiles in the layout's
 * order (smallest level first), copied byte for byte out of the scratch libvips pyramid or a spool of
 * tiles coded by encode-tiles.ts (runs of tiles that lie back to back there are copied in one read), then the exact-size edge copies in the same level
 * order. Copies in bounded chunks, so memory does not grow with the image.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { PyramidTiffLayout } from './tiff-writer';

const CHUNK = 4 * 1024 * 1024;

/** Where one level's tiles are, in our row-major order. */
export interface TileSpans {
  readonly path: string;
  readonly offsets: readonly number[];
  readonly byteCounts: readonly number[];
}

export async function assemblePyramid(
  outPath: string,
  layout: PyramidTiffLayout,
  tiles: readonly TileSpans[],
  edgeCopies: readonly (readonly (Uint8Array | null)[] | null)[],
): Promise<void> {
  const out = await open(outPath, 'w');
  try {
    await out.write(layout.header);
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (const level of layout.dataOrder) {
      const source = await open(tiles[level]!.path, 'r');
      try {
        for (const [from, length] of runs(tiles[level]!)) await copyRange(source, out, from, length, buffer);
      } finally {
        await source.close();
      }
    }
    for (const level of layout.dataOrder) {
      for (const copy of edgeCopies[level] ?? []) if (copy) await out.write(copy);
    }
    const { size } = await out.stat();
    if (size !== layout.fileSize) throw new Error(`pyramid file is ${size} bytes, layout says ${layout.fileSize}`);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Consecutive tiles merged into [offset, length] runs when each starts where the previous ended. */
export function runs(spans: TileSpans): [number, number][] {
  const out: [number, number][] = [];
  spans.offsets.forEach((offset, i) => {
    const last = out.at(-1);
    const length = spans.byteCounts[i]!;
    if (last && last[0] + last[1] === offset) last[1] += length;
    else out.push([offset, length]);
  });
  return out;
}

async function copyRange(from: FileHandle, to: FileHandle, offset: number, length: number, buffer: Buffer): Promise<void> {
  for (let done = 0; done < length; ) {
    const n = Math.min(buffer.length, length - done);
    const { bytesRead } = await from.read(buffer, 0, n, offset + done);
    if (bytesRead !== n) throw new Error(`scratch pyramid ends at byte ${offset + done + bytesRead}`);
    await to.write(buffer, 0, n);
    done += n;
  }
}
