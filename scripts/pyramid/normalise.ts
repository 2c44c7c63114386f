/**
 * Step one of a build: a master (TIFF, JPEG, PNG or WebP; one page of a multi-page file) becomes an
 * 8-bit sRGB (or one-band grey) uncompressed TIFF in the scratch folder, with the ICC profile applied,
 * CMYK and Lab converted, 16-bit reduced, alpha flattened onto the background and EXIF orientation baked
 * in. libvips streams this in bounded memory; later steps read strips of it at random.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { InputFailure } from './errors';

/** Formats the builder accepts, by what libvips detected in the bytes (not by file extension). */
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['tiff', 'jpeg', 'png', 'webp']);

/** Colour spaces (libvips interpretations) that mean one grey band. */
const GREY_SPACES: ReadonlySet<string> = new Set(['b-w', 'grey16']);

export interface MasterInfo {
  readonly format: string;
  /** Stored size of the page (before orientation), for progress and megapixel rates. */
  readonly width: number;
  readonly height: number;
  /** Size after EXIF orientation is applied: level 0 of the pyramid. */
  readonly orientedWidth: number;
  readonly orientedHeight: number;
  readonly pages: number;
  readonly channels: 1 | 3;
  readonly space: string;
  readonly hasAlpha: boolean;
}

export interface NormalisedMaster {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/** Reads the header only; refuses what the builder cannot take, with the reason. */
export async function inspectMaster(path: string, page: number): Promise<MasterInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new InputFailure('unreadable', `not a readable image: ${(err as Error).message}`);
  }
  const format = meta.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format)) {
    throw new InputFailure('unsupported', `format ${format} is not accepted (TIFF, JPEG, PNG, WebP)`);
  }
  const pages = meta.pages ?? 1;
  if (page < 0 || page >= pages) {
    throw new InputFailure('unsupported', `page ${page} requested, the file has ${pages}`);
  }
  const space = meta.space ?? 'srgb';
  // Page N of a multi-page file (e.g. a level of an existing pyramid) has its own size.
  const pageMeta = page > 0 ? await sharp(path, { page, limitInputPixels: false }).metadata() : meta;
  const width = pageMeta.width ?? 0;
  const height = pageMeta.pageHeight ?? pageMeta.height ?? 0;
  // EXIF orientations 5–8 turn the image a quarter (EXIF 2.3 §4.6.4, Orientation).
  const turned = (pageMeta.orientation ?? 1) >= 5;
  return {
    format,
    width,
    height,
    orientedWidth: turned ? height : width,
    orientedHeight: turned ? width : height,
    pages,
    channels: GREY_SPACES.has(space) ? 1 : 3,
    space,
    hasAlpha: meta.hasAlpha ?? false,
  };
}

/**
 * The normalising libvips pipeline (see the file comment), to be given an output by the caller: it
 * streams, so a following tiled save (vips-pyramid.ts) runs in the same pass.
 */
export function normalisedPipeline(path: string, info: MasterInfo, page: number, background: string): Sharp {
  let pipeline = sharp(path, { page, limitInputPixels: false, sequentialRead: true, failOn: 'error' }).autoOrient();
  if (info.hasAlpha) pipeline = pipeline.flatten({ background });
  // toColourspace goes through the embedded (or default CMYK) ICC profile to sRGB and casts to 8 bits.
  return pipeline.toColourspace(info.channels === 1 ? 'b-w' : 'srgb');
}

/** Writes the normalised level-0 image to `outPath` as an uncompressed TIFF (see the file comment). */
export async function normaliseMaster(
  path: string,
  info: MasterInfo,
  page: number,
  background: string,
  outPath: string,
): Promise<NormalisedMaster> {
  try {
    const out = await normalisedPipeline(path, info, page, background).tiff({ compression: 'none' }).toFile(outPath);
    if (out.channels !== info.channels) {
      throw new Error(`normalised to ${out.channels} bands, expected ${info.channels}`);
    }
    return { path: outPath, width: out.width, height: out.height, channels: info.channels };
  } catch (err) {
    throw new InputFailure('unreadable', `decoding failed: ${(err as Error).message}`);
  }
}
