/**
 * JPEG-codes the tiles of an uncompressed libvips level (quality 90 and above, where libvips itself would
 * not subsample chroma: vips-pyramid.ts): each tile is read raw from the scratch pyramid, padded past the
 * level's real edge by repeating the last column and row (TIFF 6.0 §15 wants whole tiles; repetition keeps
 * the edge MCUs free of ringing), encoded by sharp with jpeg-options.ts and split into JPEGTables and an
 * abbreviated tile (jpeg-split.ts). Every tile must carry byte-identical tables, or the level fails.
 * The tiles are appended row by row to a spool file that assemble.ts copies from.
 */
import { open, type FileHandle } from 'node:fs/promises';
import sharp from 'sharp';
import type { TileSpans } from './assemble';
import { tileJpegOptions } from './jpeg-options';
import { sameBytes, splitJpeg } from './jpeg-split';
import type { LevelSize } from './levels';
import { mapLimited } from './map-limited';
import { sourceIndex, type SourceLevel } from './vips-pyramid';

export interface RawEncodeSettings {
  readonly tileSize: number;
  readonly quality: number;
  readonly channels: 1 | 3;
  /** Tiles encoded at once (sharp runs them on libuv's thread pool). */
  readonly parallel: number;
}

export async function encodeRawLevel(
  scratch: FileHandle,
  level: SourceLevel,
  size: LevelSize,
  s: RawEncodeSettings,
  spoolPath: string,
): Promise<{ jpegTables: Uint8Array; spans: TileSpans }> {
  const spool = await open(spoolPath, 'w');
  const offsets: number[] = [];
  const byteCounts: number[] = [];
  let tables: Uint8Array | null = null;
  let at = 0;
  try {
    for (let row = 0; row < size.tilesDown; row++) {
      const tiles = await mapLimited(size.tilesAcross, s.parallel, async (col) => {
        const raw = await readRawTile(scratch, level, col, row, s);
        padTile(raw, Math.min(s.tileSize, size.width - col * s.tileSize), Math.min(s.tileSize, size.height - row * s.tileSize), s);
        const jpeg = await sharp(raw, { raw: { width: s.tileSize, height: s.tileSize, channels: s.channels } })
          // Without an explicit b-w interpretation libvips would widen one band to a three-component JPEG.
          .toColourspace(s.channels === 1 ? 'b-w' : 'srgb')
          .jpeg(tileJpegOptions(s.quality))
          .toBuffer();
        return splitJpeg(jpeg);
      });
      for (const t of tiles) {
        tables ??= t.tables;
        if (!sameBytes(tables, t.tables)) throw new Error(`tile ${offsets.length} has different JPEG tables: cannot share JPEGTables`);
        await spool.write(t.tile);
        offsets.push(at);
        byteCounts.push(t.tile.length);
        at += t.tile.length;
      }
    }
  } finally {
    await spool.close();
  }
  return { jpegTables: tables!, spans: { path: spoolPath, offsets, byteCounts } };
}

async function readRawTile(scratch: FileHandle, level: SourceLevel, col: number, row: number, s: RawEncodeSettings): Promise<Buffer> {
  const i = sourceIndex(level, col, row);
  const raw = Buffer.alloc(s.tileSize * s.tileSize * s.channels);
  if (level.tileByteCounts[i] !== raw.length) throw new Error(`uncompressed tile ${i} has ${level.tileByteCounts[i]} bytes, expected ${raw.length}`);
  const { bytesRead } = await scratch.read(raw, 0, raw.length, level.tileOffsets[i]!);
  if (bytesRead !== raw.length) throw new Error(`scratch pyramid ends inside tile ${i}`);
  return raw;
}

/** Repeats column w−1 and row h−1 of a tile over the rest of it, in place. */
export function padTile(tile: Buffer, w: number, h: number, s: { readonly tileSize: number; readonly channels: number }): void {
  const ch = s.channels;
  const rowBytes = s.tileSize * ch;
  for (let y = 0; y < h; y++) {
    const last = y * rowBytes + (w - 1) * ch;
    for (let x = w; x < s.tileSize; x++) tile.copyWithin(y * rowBytes + x * ch, last, last + ch);
  }
  const lastRow = (h - 1) * rowBytes;
  for (let y = h; y < s.tileSize; y++) tile.copyWithin(y * rowBytes, lastRow, lastRow + rowBytes);
}
