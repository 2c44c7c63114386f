/**
 * Encodes every level's tiles in one libvips pipeline: the master is normalised (normalise.ts), padded by
 * edge replication to a multiple of 2^(levels−1) and written by libvips as a tiled pyramidal JPEG TIFF in
 * the scratch folder. libvips halves each level with a 2×2 mean and floor rounding; on the padded image
 * every halving is exact, so its level k covers our ceil(W/2^k) × ceil(H/2^k) level k (DESIGN §3) plus a
 * few replicated columns and rows, whose tiles are simply not copied. libtiff codes the tiles with the same
 * encoder settings as jpeg-options.ts (baseline, standard Huffman tables, no mozjpeg extras; checked
 * byte for byte in the tests), each level with one JPEGTables. The tiles are then copied, without
 * re-encoding, into the DESIGN §3 layout (assemble.ts).
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

/** One level of the libvips pyramid: where its tiles are and the tables they share. */
export interface SourceLevel {
  readonly jpegTables: Uint8Array;
  /** Tiles across in the libvips level (at least ours). */
  readonly tilesAcross: number;
  readonly tileOffsets: readonly number[];
  readonly tileByteCounts: readonly number[];
}

/** The padded size: each side rounded up to a multiple of 2^(levels−1). */
export function paddedSize(levels: readonly LevelSize[]): { width: number; height: number } {
  const unit = 2 ** (levels.length - 1);
  return { width: Math.ceil(levels[0]!.width / unit) * unit, height: Math.ceil(levels[0]!.height / unit) * unit };
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
        compression: 'jpeg',
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
        const tables = await img.fetch(TiffTag.JpegTables);
        const offsets = await img.fetch(TiffTag.TileOffsets);
        const counts = await img.fetch(TiffTag.TileByteCounts);
        if (!tables || !offsets || !counts) throw new Error(`libvips level ${k} lacks JPEGTables or tile arrays`);
        return {
          jpegTables: Uint8Array.from(tables as ArrayLike<number>),
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
