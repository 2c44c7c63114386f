/**
 * Encodes one pyramid level: reads its normalised pixels strip by strip (one tile row at a time, so
 * memory stays at about one strip whatever the image size), cuts padded tiles, JPEG-encodes them with
 * sharp, and appends the abbreviated tile streams to a spool file in row-major order. Also makes the
 * next level's pixels with a libvips Lanczos-3 downscale of this one.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { tileJpegOptions } from './jpeg-options';
import { sameBytes, splitJpeg } from './jpeg-split';
import type { LevelSize } from './levels';
import { cutTile, type Strip } from './tile-cut';

export interface EncodeSettings {
  readonly tileSize: number;
  readonly quality: number;
  readonly channels: 1 | 3;
  /** Tiles encoded at once (sharp runs them on libuv's thread pool). */
  readonly parallel: number;
}

export interface EncodedLevel {
  readonly jpegTables: Uint8Array;
  readonly tileByteCounts: number[];
  readonly bytes: number;
}

/** Reads rows [top, top + height) of an 8-bit image file as raw interleaved samples. */
export async function readStrip(path: string, width: number, top: number, height: number, channels: 1 | 3): Promise<Strip> {
  const { data, info } = await sharp(path, { limitInputPixels: false })
    .extract({ left: 0, top, width, height })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) throw new Error(`strip has ${info.channels} bands, expected ${channels}`);
  return { data, width, height, channels };
}

export async function encodeLevel(src: string, size: LevelSize, s: EncodeSettings, spoolPath: string): Promise<EncodedLevel> {
  const spool = await open(spoolPath, 'w');
  const counts: number[] = [];
  let tables: Uint8Array | null = null;
  let bytes = 0;
  const stripAt = (row: number): Promise<Strip> => {
    const top = row * s.tileSize;
    return readStrip(src, size.width, top, Math.min(s.tileSize, size.height - top), s.channels);
  };
  try {
    let next = stripAt(0);
    for (let row = 0; row < size.tilesDown; row++) {
      const strip = await next;
      if (row + 1 < size.tilesDown) next = stripAt(row + 1); // read ahead while this row encodes
      const tiles = await encodeStrip(strip, size.tilesAcross, s);
      for (const t of tiles) {
        tables ??= t.tables;
        if (!sameBytes(tables, t.tables)) {
          throw new Error(`tile ${counts.length} has different JPEG tables: cannot share JPEGTables`);
        }
        await spool.write(t.tile);
        counts.push(t.tile.length);
        bytes += t.tile.length;
      }
    }
  } finally {
    await spool.close();
  }
  return { jpegTables: tables!, tileByteCounts: counts, bytes };
}

async function encodeStrip(strip: Strip, across: number, s: EncodeSettings) {
  const options = tileJpegOptions(s.quality);
  const raw = { width: s.tileSize, height: s.tileSize, channels: s.channels };
  const encodeOne = async (col: number) => {
    // Without an explicit b-w interpretation libvips would widen one band to a three-component JPEG.
    const jpeg = await sharp(cutTile(strip, col * s.tileSize, s.tileSize), { raw })
      .toColourspace(s.channels === 1 ? 'b-w' : 'srgb')
      .jpeg(options)
      .toBuffer();
    return splitJpeg(jpeg);
  };
  return mapLimited(across, s.parallel, encodeOne);
}

/** Runs fn(0..n-1) with at most `limit` in flight; results in index order. */
export async function mapLimited<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < n) {
      const i = nextIndex++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}

/** Writes the next level (`size`) as an uncompressed 8-bit TIFF, downscaled from `src` (Lanczos 3). */
export async function downscaleLevel(src: string, size: LevelSize, channels: 1 | 3, outPath: string): Promise<void> {
  await sharp(src, { limitInputPixels: false, sequentialRead: true })
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .tiff({ compression: 'none' })
    .toFile(outPath);
}
