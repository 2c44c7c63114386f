/**
 * Checks a freshly written pyramid before it is published: re-opens it with geotiff.js and with
 * @cogeotiff/core (the Worker's reader, DESIGN §4), checks every level's size and tile count, decodes one
 * tile per level through each reader (cogeotiff's spliced JPEG decoded by sharp; geotiff.js with its own
 * decoder) and compares it with a libvips downscale of the normalised master: luma PSNR must reach 35 dB.
 * A low `--quality` cannot reach 35 dB on dense content (text, fine lines), so the bar drops to what the
 * same JPEG settings achieve on the reference tile itself, less a 2 dB margin (the level cascade and the
 * edge padding cost a little); a misplaced tile, a wrong level or misread colour costs far more than that.
 * Likewise the mean chroma error may reach twice the baseline's on colour-busy tiles (geotiff.js
 * replicates chroma samples instead of interpolating them), never less than 4 levels.
 */
import { Tiff, TiffTag } from '@cogeotiff/core';
import { fromFile } from 'geotiff';
import sharp from 'sharp';
import { InputFailure } from './errors';
import { tileJpegOptions } from './jpeg-options';
import { fileSource } from './file-source';
import type { LevelSize } from './levels';
import { compareImages, type Comparison } from './psnr';

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
  /** The normalised level-0 image (8-bit sRGB or grey). */
  readonly reference: string;
  readonly levels: readonly LevelSize[];
  readonly tileSize: number;
  readonly channels: 1 | 3;
  readonly quality: number;
}

interface TileRect {
  readonly col: number;
  readonly row: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The middle tile of a level, clipped to the image. */
function middleTile(size: LevelSize, tileSize: number): TileRect {
  const col = Math.floor((size.tilesAcross - 1) / 2);
  const row = Math.floor((size.tilesDown - 1) / 2);
  const left = col * tileSize;
  const top = row * tileSize;
  return {
    col,
    row,
    left,
    top,
    width: Math.min(tileSize, size.width - left),
    height: Math.min(tileSize, size.height - top),
  };
}

export async function verifyPyramid(v: VerifyInput): Promise<LevelCheck[]> {
  const fail = (msg: string): never => {
    throw new InputFailure('verification', `verification failed: ${msg}`);
  };
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
      const sizes = [img.size.width, img.size.height, gimg.getWidth(), gimg.getHeight()];
      if (sizes.join() !== [size.width, size.height, size.width, size.height].join()) {
        fail(`level ${k} is ${sizes.join('/')}, expected ${size.width}×${size.height}`);
      }
      const offsets = await img.fetch(TiffTag.TileOffsets);
      const tiles = size.tilesAcross * size.tilesDown;
      if (!offsets || offsets.length !== tiles || img.tileSize.width !== v.tileSize || gimg.getTileWidth() !== v.tileSize) {
        fail(`level ${k} tile grid does not match ${size.tilesAcross}×${size.tilesDown} of ${v.tileSize}`);
      }
      const rect = middleTile(size, v.tileSize);
      const reference = await referenceTile(v, k, size, rect);
      const fromCog = await cogTile(img, rect, v.channels);
      const fromGeo = await geoTile(gimg, rect, v.channels);
      const baseline = await jpegBaseline(reference, rect, v);
      const check: LevelCheck = {
        level: k,
        tile: [rect.col, rect.row],
        required: Math.min(MIN_PSNR_DB, baseline.lumaPsnr - JPEG_BASELINE_MARGIN_DB),
        maxChroma: Math.max(MAX_CHROMA_ERROR, 2 * baseline.chromaError),
        cogeotiff: compareImages(fromCog, reference, v.channels),
        geotiff: compareImages(fromGeo, reference, v.channels),
      };
      for (const [reader, c] of [['cogeotiff', check.cogeotiff], ['geotiff.js', check.geotiff]] as const) {
        if (c.lumaPsnr < check.required || c.chromaError > check.maxChroma) {
          fail(`level ${k} tile ${rect.col},${rect.row} via ${reader}: luma PSNR ${c.lumaPsnr.toFixed(1)} dB ` +
            `(need ${check.required.toFixed(1)}), chroma error ${c.chromaError.toFixed(2)} (max ${check.maxChroma.toFixed(2)})`);
        }
      }
      checks.push(check);
    }
    return checks;
  } finally {
    geo.close();
    await source.close();
  }
}

const space = (channels: 1 | 3) => (channels === 1 ? 'b-w' : 'srgb');

/** The reference tile compared with itself after one JPEG round trip with the pyramid's own settings. */
async function jpegBaseline(reference: Buffer, r: TileRect, v: VerifyInput): Promise<Comparison> {
  const raw = { width: r.width, height: r.height, channels: v.channels };
  const jpeg = await sharp(reference, { raw }).toColourspace(space(v.channels)).jpeg(tileJpegOptions(v.quality)).toBuffer();
  const back = await sharp(jpeg).toColourspace(space(v.channels)).raw().toBuffer();
  return compareImages(back, reference, v.channels);
}

/** The master's pixels for this tile at this level: libvips computes only the region it needs. */
async function referenceTile(v: VerifyInput, k: number, size: LevelSize, r: TileRect): Promise<Buffer> {
  let img = sharp(v.reference, { limitInputPixels: false });
  if (k > 0) img = img.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
  return img
    .extract({ left: r.left, top: r.top, width: r.width, height: r.height })
    .toColourspace(space(v.channels))
    .raw()
    .toBuffer();
}

async function cogTile(img: Tiff['images'][number], r: TileRect, channels: 1 | 3): Promise<Buffer> {
  const tile = await img.getTile(r.col, r.row);
  if (!tile) throw new InputFailure('verification', `verification failed: tile ${r.col},${r.row} missing`);
  return sharp(tile.bytes)
    .extract({ left: 0, top: 0, width: r.width, height: r.height })
    .toColourspace(space(channels))
    .raw()
    .toBuffer();
}

async function geoTile(img: Awaited<ReturnType<Awaited<ReturnType<typeof fromFile>>['getImage']>>, r: TileRect, channels: 1 | 3): Promise<Uint8Array> {
  const window = [r.left, r.top, r.left + r.width, r.top + r.height];
  // readRasters gives stored samples (YCbCr here); readRGB applies the TIFF 6.0 §21 YCbCr → RGB conversion.
  const data =
    channels === 3 ? await img.readRGB({ window, interleave: true }) : await img.readRasters({ window, interleave: true });
  const samples = data as unknown as Uint8Array;
  if (samples.length !== r.width * r.height * channels) {
    throw new InputFailure('verification', `verification failed: geotiff.js returned ${samples.length} samples`);
  }
  return samples;
}
