/**
 * Checks a freshly written pyramid before it is published: re-opens it with geotiff.js and with
 * @cogeotiff/core (the Worker's reader, docs/ARCHITECTURE.md §3), checks every level's size and tile grid, checks that
 * the edge-copy tags point at exactly the copies that passed the identity check (edge-tiles.ts), and
 * decodes one tile per level through each reader (cogeotiff's spliced JPEG decoded by sharp; geotiff.js
 * with its own decoder) to compare it with an independent reference (verify-reference.ts): level 0's
 * against the normalised master, level k's against a 2×2 mean of level k−1 as libvips (libtiff) reads it
 * from the same file. The bar is a luma PSNR of 35 dB; a low `--quality` cannot reach that on dense
 * content (text, fine lines), so it drops to what the same JPEG settings achieve on the reference tile
 * itself, less a 2 dB margin; a misplaced tile, a wrong level or misread colour costs far more than that.
 * Likewise the mean chroma error may reach twice the baseline's on colour-busy tiles (geotiff.js
 * replicates chroma samples instead of interpolating them), never less than 4 levels.
 */
import { Tiff, TiffTag } from '@cogeotiff/core';
import { fromFile } from 'geotiff';
import sharp from 'sharp';
import { InputFailure } from './errors';
import { sameBytes } from './jpeg-split';
import { tileJpegOptions } from './jpeg-options';
import { fileSource } from './file-source';
import type { LevelSize } from './levels';
import type { MasterInfo } from './normalise';
import { compareImages, type Comparison } from './psnr';
import { TAGS } from './tiff-tags';
import { halfOfLevelBelow, masterRegion, pixelSpace, type TileRect } from './verify-reference';

/** Gate on luma PSNR (see psnr.ts for why luma) and on the mean chroma difference. */
export const MIN_PSNR_DB = 35;
export const MAX_CHROMA_ERROR = 4;
const JPEG_BASELINE_MARGIN_DB = 2;

export interface LevelCheck {
  readonly level: number;
  readonly tile: readonly [number, number];
  /** The luma PSNR this tile had to reach (35 dB, or the JPEG baseline less the margin). */
  readonly required: number;
  /** The largest mean chroma error allowed (4 levels, or twice the JPEG baseline's). */
  readonly maxChroma: number;
  readonly cogeotiff: Comparison;
  readonly geotiff: Comparison;
}

export interface VerifyInput {
  readonly file: string;
  /** The master and how it was normalised (normalise.ts), for level 0's reference. */
  readonly master: { readonly input: string; readonly info: MasterInfo; readonly page: number; readonly background: string };
  readonly levels: readonly LevelSize[];
  readonly tileSize: number;
  readonly channels: 1 | 3;
  readonly quality: number;
  /** The edge copies that were written, per level and tile row (null: none), or null for no edge tags. */
  readonly edgeCopies: readonly (readonly (Uint8Array | null)[] | null)[];
}

type CogImage = Tiff['images'][number];
type GeoImage = Awaited<ReturnType<Awaited<ReturnType<typeof fromFile>>['getImage']>>;

const fail = (msg: string): never => {
  throw new InputFailure('verification', `verification failed: ${msg}`);
};

/** The tile checked at each level: level 0's in the top row (its master reference is cheap to decode), others the middle one. */
function checkedTile(size: LevelSize, k: number, tileSize: number): TileRect {
  const col = Math.floor((size.tilesAcross - 1) / 2);
  const row = k === 0 ? 0 : Math.floor((size.tilesDown - 1) / 2);
  const left = col * tileSize;
  const top = row * tileSize;
  return { col, row, left, top, width: Math.min(tileSize, size.width - left), height: Math.min(tileSize, size.height - top) };
}

export async function verifyPyramid(v: VerifyInput): Promise<LevelCheck[]> {
  const source = await fileSource(v.file);
  const geo = await fromFile(v.file);
  try {
    const cog = await Tiff.create(source);
    if (cog.images.length !== v.levels.length) fail(`cogeotiff sees ${cog.images.length} levels, expected ${v.levels.length}`);
    const geoCount = await geo.getImageCount();
    if (geoCount !== v.levels.length) fail(`geotiff.js sees ${geoCount} levels, expected ${v.levels.length}`);
    const checks: LevelCheck[] = [];
    for (const [k, size] of v.levels.entries()) {
      const img = cog.images[k]!;
      const gimg = await geo.getImage(k);
      await checkGeometry(img, gimg, size, k, v.tileSize);
      await checkEdgeCopies(img, source, v.edgeCopies[k] ?? null, k);
      checks.push(await checkTile(v, k, img, gimg));
    }
    return checks;
  } finally {
    geo.close();
    await source.close();
  }
}

async function checkGeometry(img: CogImage, gimg: GeoImage, size: LevelSize, k: number, tileSize: number): Promise<void> {
  const sizes = [img.size.width, img.size.height, gimg.getWidth(), gimg.getHeight()];
  if (sizes.join() !== [size.width, size.height, size.width, size.height].join()) {
    fail(`level ${k} is ${sizes.join('/')}, expected ${size.width}×${size.height}`);
  }
  const offsets = await img.fetch(TiffTag.TileOffsets);
  const tiles = size.tilesAcross * size.tilesDown;
  if (!offsets || offsets.length !== tiles || img.tileSize.width !== tileSize || gimg.getTileWidth() !== tileSize) {
    fail(`level ${k} tile grid does not match ${size.tilesAcross}×${size.tilesDown} of ${tileSize}`);
  }
}

/** The private edge tags, read back through cogeotiff, must point at exactly the copies written. */
async function checkEdgeCopies(img: CogImage, source: Awaited<ReturnType<typeof fileSource>>, expected: readonly (Uint8Array | null)[] | null, k: number): Promise<void> {
  const read = async (id: number) => {
    const value = await img.fetch(id as TiffTag);
    return value === null ? null : Array.from(typeof value === 'object' ? (value as ArrayLike<number | bigint>) : [value as number], Number);
  };
  const offsets = await read(TAGS.EdgeTileOffsets.id);
  const counts = await read(TAGS.EdgeTileByteCounts.id);
  if (expected === null) {
    if (offsets !== null || counts !== null) fail(`level ${k} has edge tags it should not have`);
    return;
  }
  if (!offsets || !counts || offsets.length !== expected.length || counts.length !== expected.length) {
    fail(`level ${k} edge tags have ${counts?.length ?? 'no'} entries, expected ${expected.length}`);
  }
  for (const [r, copy] of expected.entries()) {
    if (counts![r] !== (copy?.length ?? 0)) fail(`level ${k} edge copy of row ${r} has ${counts![r]} bytes, expected ${copy?.length ?? 0}`);
    if (copy && !sameBytes(new Uint8Array(await source.fetch(offsets![r]!, copy.length)), copy)) {
      fail(`level ${k} edge copy of row ${r} at ${offsets![r]} is not the checked copy`);
    }
  }
}

async function checkTile(v: VerifyInput, k: number, img: CogImage, gimg: GeoImage): Promise<LevelCheck> {
  const rect = checkedTile(v.levels[k]!, k, v.tileSize);
  const reference =
    k === 0
      ? await masterRegion(v.master, rect)
      : await halfOfLevelBelow(v.file, k - 1, v.levels[k - 1]!, rect, v.channels);
  const baseline = await jpegBaseline(reference, rect, v);
  const check: LevelCheck = {
    level: k,
    tile: [rect.col, rect.row],
    required: Math.min(MIN_PSNR_DB, baseline.lumaPsnr - JPEG_BASELINE_MARGIN_DB),
    maxChroma: Math.max(MAX_CHROMA_ERROR, 2 * baseline.chromaError),
    cogeotiff: compareImages(await cogTile(img, rect, v.channels), reference, v.channels),
    geotiff: compareImages(await geoTile(gimg, rect, v.channels), reference, v.channels),
  };
  for (const [reader, c] of [['cogeotiff', check.cogeotiff], ['geotiff.js', check.geotiff]] as const) {
    if (c.lumaPsnr < check.required || c.chromaError > check.maxChroma) {
      fail(`level ${k} tile ${rect.col},${rect.row} via ${reader}: luma PSNR ${c.lumaPsnr.toFixed(1)} dB ` +
        `(need ${check.required.toFixed(1)}), chroma error ${c.chromaError.toFixed(2)} (max ${check.maxChroma.toFixed(2)})`);
    }
  }
  return check;
}

/** The reference tile compared with itself after one JPEG round trip with the pyramid's own settings. */
async function jpegBaseline(reference: Buffer, r: TileRect, v: VerifyInput): Promise<Comparison> {
  const raw = { width: r.width, height: r.height, channels: v.channels };
  const space = pixelSpace(v.channels);
  const jpeg = await sharp(reference, { raw }).toColourspace(space).jpeg(tileJpegOptions(v.quality)).toBuffer();
  const back = await sharp(jpeg).toColourspace(space).raw().toBuffer();
  return compareImages(back, reference, v.channels);
}

async function cogTile(img: CogImage, r: TileRect, channels: 1 | 3): Promise<Buffer> {
  const tile = await img.getTile(r.col, r.row);
  if (!tile) return fail(`tile ${r.col},${r.row} missing`);
  return sharp(tile.bytes)
    .extract({ left: 0, top: 0, width: r.width, height: r.height })
    .toColourspace(pixelSpace(channels))
    .raw()
    .toBuffer();
}

async function geoTile(img: GeoImage, r: TileRect, channels: 1 | 3): Promise<Uint8Array> {
  const window = [r.left, r.top, r.left + r.width, r.top + r.height];
  // readRasters gives stored samples (YCbCr here); readRGB applies the TIFF 6.0 §21 YCbCr → RGB conversion.
  const data =
    channels === 3 ? await img.readRGB({ window, interleave: true }) : await img.readRasters({ window, interleave: true });
  const samples = data as unknown as Uint8Array;
  if (samples.length !== r.width * r.height * channels) fail(`geotiff.js returned ${samples.length} samples`);
  return samples;
}
