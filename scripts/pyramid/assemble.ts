/**
 * Writes the final pyramid file: the header from the TIFF writer, then each level's spooled tile data in
 * the layout's order (smallest level first). Copies in fixed-size chunks, so memory does not grow with
 * the image.
 */
import { open } from 'node:fs/promises';
import type { PyramidTiffLayout } from './tiff-writer';

const CHUNK = 4 * 1024 * 1024;

export async function assemblePyramid(
  outPath: string,
  layout: PyramidTiffLayout,
  spoolPaths: readonly string[],
): Promise<void> {
  const out = await open(outPath, 'w');
  try {
    await out.write(layout.header);
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (const level of layout.dataOrder) {
      const spool = await open(spoolPaths[level]!, 'r');
      try {
        for (;;) {
          const { bytesRead } = await spool.read(buffer, 0, CHUNK, null);
          if (bytesRead === 0) break;
          await out.write(buffer, 0, bytesRead);
        }
      } finally {
        await spool.close();
      }
    }
    const { size } = await out.stat();
    if (size !== layout.fileSize) throw new Error(`pyramid file is ${size} bytes, layout says ${layout.fileSize}`);
    await out.sync();
  } finally {
    await out.close();
  }
}
