/**
 * Makes every level's pixels in one libvips pass: the master is normalised (normalise.ts), padded by edge
 * replication (paddedSize) and written by libvips as a tiled pyramidal TIFF in the scratch folder.
 * libvips halves each level with a 2×2 mean and floor rounding; on the padded image every halving is exact,
 * so its level k covers our ceil(W/2^k) × ceil(H/2^k) level k (docs/ARCHITECTURE.md §2) plus some replicated columns
 * and rows, whose tiles are not copied.
 * Below quality 90 libvips also JPEG-codes the tiles, with the settings of jpeg-options.ts (baseline,
 * standard Huffman tables, no mozjpeg extras: checked byte for byte in the tests) and one JPEGTables per
 * level, and assemble.ts copies them as they are. From quality 90 libvips would switch to RGB JPEG without
 * chroma subsampling (its `subsample_mode` "auto", which sharp does not let us change: 3.6× the bytes of
 * 4:2:0 on the test chart), so there it writes the tiles uncompressed and encode-tiles.ts codes them.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Tiff, TiffTag } from '@cogeotiff/core';
import sharp, { type Sharp } from 'sharp';
import { InputFailure } from './errors';
import { fileSource } from './file-source';
import type { LevelSize } from './levels';
import { normaliseMaster, normalisedPipeline, type MasterInfo } from './normalise';

export interface VipsPyramidInput {
  readonly input: string;
  readonly info: MasterInfo;
  readonly page: number;
  readonly background: string;
  readonly quality: number;
  readonly tileSize: number;
  /** Our levels (levels.ts): level 0 is the oriented master size. */
  readonly levels: readonly LevelSize[];
}

/** Quality from which libvips would stop subsampling chroma (see the file comment). */
export const LIBVIPS_NO_SUBSAMPLE_QUALITY = 90;

/** One level of the libvips pyramid: where its tiles are and the tables they share. */
export interface SourceLevel {
  /** JPEG tiles with their JPEGTables, or uncompressed tiles (null). */
  readonly jpegTables: Uint8Array | null;
  /** Tiles across in the libvips level (at least ours). */
  readonly tilesAcross: number;
  readonly tileOffsets: readonly number[];
  readonly tileByteCounts: readonly number[];
}

/** JPEG 4:2:0 codes 16×16-pixel MCUs (ITU T.81 §A.2). */
const MCU = 16;

/**
 * The padded size: large enough that at every level the MCUs holding the last real column and row are
 * filled by replication (libvips fills the rest of an edge tile with black, which would ring into the
 * image through the JPEG blocks), and a multiple of 2^(levels−1) so that every halving is exact.
 */
export function paddedSize(levels: readonly LevelSize[]): { width: number; height: number } {
  const unit = 2 ** (levels.length - 1);
  const side = (of: (l: LevelSize) => number) =>
    Math.ceil(Math.max(...levels.map((l, k) => Math.ceil(of(l) / MCU) * MCU * 2 ** k)) / unit) * unit;
  return { width: side((l) => l.width), height: side((l) => l.height) };
}

/**
 * Above this many bytes of padded pixels, the master is first normalised into an uncompressed scratch
 * TIFF. sharp pads a sequentially read image (JPEG, PNG, `sequentialRead`) by edge copy only after
 * copying it whole into memory (its StaySequential guard), which for a 400 MP colour master is 1.2 GB: within
 * the 2 GB budget and 30–40% faster than writing and re-reading the intermediate, but not for any size.
 */
export const IN_MEMORY_PAD_LIMIT = 1.5e9;

/** Writes the scratch pyramid to `outPath`; see the file comment. */
export async function writeVipsPyramid(p: VipsPyramidInput, outPath: string, scratchDir: string): Promise<void> {
  const padded = paddedSize(p.levels);
  const right = padded.width - p.levels[0]!.width;
  const bottom = padded.height - p.levels[0]!.height;
  let pipeline: Sharp;
  if (right + bottom === 0 || padded.width * padded.height * p.info.channels <= IN_MEMORY_PAD_LIMIT) {
    pipeline = normalisedPipeline(p.input, p.info, p.page, p.background);
  } else {
    const normalised = await normaliseMaster(p.input, p.info, p.page, p.background, join(scratchDir, 'normalised.tif'));
    pipeline = sharp(normalised.path, { limitInputPixels: false }); // random access: the padding streams
  }
  if (right + bottom > 0) pipeline = pipeline.extend({ right, bottom, extendWith: 'copy' });
  try {
    const out = await pipeline
      .tiff({
        compression: p.quality < LIBVIPS_NO_SUBSAMPLE_QUALITY ? 'jpeg' : 'none',
        quality: p.quality,
        tile: true,
        tileWidth: p.tileSize,
        tileHeight: p.tileSize,
        pyramid: true,
        // Offsets may pass 4 GiB for very large masters; this file is only read by assemble.ts.
        bigtiff: true,
      })
      .toFile(outPath);
    if (out.channels !== p.info.channels) throw new Error(`normalised to ${out.channels} bands, expected ${p.info.channels}`);
  } catch (err) {
    throw new InputFailure('unreadable', `decoding failed: ${(err as Error).message}`);
  } finally {
    await rm(join(scratchDir, 'normalised.tif'), { force: true });
  }
}

/** Reads the tile index of the scratch pyramid's first `levels.length` levels and checks their geometry. */
export async function readVipsPyramid(path: string, levels: readonly LevelSize[], tileSize: number): Promise<SourceLevel[]> {
  const source = await fileSource(path);
  try {
    const tiff = await Tiff.create(source);
    const padded = paddedSize(levels);
    if (tiff.images.length < levels.length) {
      throw new Error(`libvips wrote ${tiff.images.length} levels, ${levels.length} needed`);
    }
    return await Promise.all(
      levels.map(async (_, k) => {
        const img = tiff.images[k]!;
        const [w, h] = [padded.width / 2 ** k, padded.height / 2 ** k];
        if (img.size.width !== w || img.size.height !== h || img.tileSize.width !== tileSize || img.tileSize.height !== tileSize) {
          throw new Error(`libvips level ${k} is ${img.size.width}×${img.size.height}, expected ${w}×${h} in ${tileSize} tiles`);
        }
        const jpeg = img.compression === 'image/jpeg';
        const tables = jpeg ? await img.fetch(TiffTag.JpegTables) : null;
        const offsets = await img.fetch(TiffTag.TileOffsets);
        const counts = await img.fetch(TiffTag.TileByteCounts);
        if ((jpeg && !tables) || !offsets || !counts) throw new Error(`libvips level ${k} lacks JPEGTables or tile arrays`);
        return {
          jpegTables: tables ? Uint8Array.from(tables as ArrayLike<number>) : null,
          tilesAcross: Math.ceil(w / tileSize),
          tileOffsets: Array.from(offsets as ArrayLike<number | bigint>, Number),
          tileByteCounts: Array.from(counts as ArrayLike<number | bigint>, Number),
        };
      }),
    );
  } finally {
    await source.close();
  }
}

/** Index in the libvips level of our tile (col, row). */
export const sourceIndex = (level: SourceLevel, col: number, row: number): number => row * level.tilesAcross + col;
