/**
 * Opens a tiled pyramidal TIFF through @cogeotiff/core and turns it into a plain PyramidIndex. The
 * builder's files put every IFD first, so one range read (the head the caller already has) covers the
 * whole index; other layouts (libvips: IFDs after each level's data; GDAL COG) cost more reads but work.
 * Anything the pixel pipeline cannot read is refused here with the reason (UnsupportedSource, 501).
 */
import {
  Compression,
  Photometric as TiffPhotometric,
  PlanarConfiguration,
  Predictor,
  SampleFormat,
  SubFileType,
  Tiff,
  TiffTag,
  type TiffImage,
  type Source,
} from '@cogeotiff/core';
import { BrokenSource, UnsupportedSource } from '../errors';
import type { RangeSource } from '../source/range-source';
import type { EdgeTiles, Photometric, PyramidIndex, PyramidLevel, TileCompression } from './pyramid';
import { guardTiff, type TiffLayout } from './tiff-guard';

/** How many bytes the first read takes: the builder's header fits easily; cogeotiff reads on if needed. */
export const HEAD_READ_BYTES = 64 * 1024;

const COMPRESSION: ReadonlyMap<number, TileCompression> = new Map([
  [Compression.Jpeg, 'jpeg'],
  [Compression.Deflate, 'deflate'],
  [Compression.DeflateOther, 'deflate'],
  [Compression.None, 'none'],
]);

const COMPRESSION_NAMES: ReadonlyMap<number, string> = new Map([
  [Compression.Lzw, 'LZW'],
  [Compression.Jpeg6, 'old-style JPEG (6)'],
  [Compression.PackBits, 'PackBits'],
  [Compression.Jp2000, 'JPEG 2000'],
  [Compression.Lerc, 'LERC'],
  [Compression.Lzma, 'LZMA'],
  [Compression.Zstd, 'Zstandard'],
  [Compression.Webp, 'WebP'],
  [Compression.JpegXl, 'JPEG XL'],
]);

/**
 * A cogeotiff Source that answers from the bytes already read (the head and the IFD blocks the guard read)
 * when it can. With `firstIfd`, the header's first-IFD pointer is rewritten so cogeotiff starts its walk at a
 * SubIFD (TIFF Technical Note 1: pyramids written with `vips --subifd` hang their reduced levels off IFD 0
 * instead of the main chain).
 */
function asCogSource(source: RangeSource, layout: TiffLayout, firstIfd?: number): Source {
  const at = layout.bigTiff ? 8 : 4;
  const width = layout.bigTiff ? 8 : 4;
  const inHand = (offset: number, len: number): Uint8Array | null => {
    for (const b of layout.blocks) {
      if (offset >= b.offset && offset + len <= b.offset + b.bytes.length) return b.bytes.subarray(offset - b.offset, offset - b.offset + len);
    }
    return null;
  };
  return {
    url: new URL(`r2://object/${encodeURIComponent(source.key)}`),
    metadata: { size: source.size },
    async fetch(offset: number, length?: number): Promise<ArrayBuffer> {
      const len = length ?? source.size - offset;
      const bytes = inHand(offset, len) ?? (await source.read(offset, len));
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      if (firstIfd !== undefined && offset <= at && offset + copy.byteLength >= at + width) {
        const view = new DataView(copy);
        if (layout.bigTiff) view.setBigUint64(at - offset, BigInt(firstIfd), layout.little);
        else view.setUint32(at - offset, firstIfd, layout.little);
      }
      return copy;
    },
  };
}

function unsupported(source: RangeSource, img: TiffImage, what: string): never {
  throw new UnsupportedSource(`cannot serve ${source.key} (IFD ${img.id}): ${what}`);
}

function photometricOf(source: RangeSource, img: TiffImage, compression: TileCompression, spp: number): Photometric {
  const p = img.value(TiffTag.Photometric);
  if (p === TiffPhotometric.MinIsBlack && spp === 1) return 'gray';
  if (p === TiffPhotometric.Rgb && spp === 3) return 'rgb';
  if (p === TiffPhotometric.Ycbcr && spp === 3) {
    // Raw YCbCr with subsampled chroma would need its own unpacking; JPEG carries it natively.
    if (compression !== 'jpeg') unsupported(source, img, 'YCbCr samples outside JPEG compression');
    return 'ycbcr';
  }
  if (p === TiffPhotometric.Separated) unsupported(source, img, 'CMYK samples (rebuild with the pyramid builder)');
  if (p === TiffPhotometric.Palette) unsupported(source, img, 'palette colour');
  if (p === TiffPhotometric.MinIsWhite) unsupported(source, img, 'inverted grey (MinIsWhite)');
  if (spp === 4 || spp === 2) unsupported(source, img, `${spp} samples per pixel (alpha is flattened at build time)`);
  return unsupported(source, img, `photometric ${String(p)} with ${spp} samples per pixel`);
}

async function levelOf(source: RangeSource, img: TiffImage, ifd: number): Promise<PyramidLevel> {
  if (!img.isTiled()) unsupported(source, img, 'not tiled (strips); build a tiled pyramid');
  const code = img.value(TiffTag.Compression) ?? Compression.None;
  const compression = COMPRESSION.get(code);
  if (compression === undefined) {
    unsupported(source, img, `${COMPRESSION_NAMES.get(code) ?? `compression ${code}`} tiles are not supported`);
  }
  const bits = (await img.fetch(TiffTag.BitsPerSample)) ?? [1];
  if (bits.some((b) => b !== 8)) unsupported(source, img, `${bits[0]}-bit samples (only 8-bit is served)`);
  const format = await img.fetch(TiffTag.SampleFormat);
  if (format !== null && format.some((f) => f !== SampleFormat.Uint)) {
    unsupported(source, img, 'non-integer or signed samples');
  }
  const planar = img.value(TiffTag.PlanarConfiguration) ?? PlanarConfiguration.Contig;
  if (planar !== PlanarConfiguration.Contig) unsupported(source, img, 'separate colour planes');
  const spp = img.value(TiffTag.SamplesPerPixel) ?? 1;
  const photometric = photometricOf(source, img, compression, spp);
  const predictor = img.value(TiffTag.Predictor) ?? Predictor.None;
  if (predictor !== Predictor.None && predictor !== Predictor.Horizontal) {
    unsupported(source, img, `predictor ${predictor}`);
  }
  // Loads the whole arrays (one read each at most; none when they sit in the head).
  const offsets = await img.fetch(TiffTag.TileOffsets);
  const counts = await img.fetch(TiffTag.TileByteCounts);
  const tables = compression === 'jpeg' ? await img.fetch(TiffTag.JpegTables) : null;
  const edgeTiles = compression === 'jpeg' ? await edgeTilesOf(img, source.size) : null;
  const { width, height } = img.size;
  const { width: tileWidth, height: tileHeight } = img.tileSize;
  const tilesAcross = Math.ceil(width / tileWidth);
  const tilesDown = Math.ceil(height / tileHeight);
  if (offsets === null || counts === null) unsupported(source, img, 'no TileOffsets or TileByteCounts');
  if (offsets.length < tilesAcross * tilesDown || counts.length < offsets.length) {
    // The level's size and its tile arrays disagree: a damaged or mis-written file, not a format we lack.
    throw new BrokenSource(
      `cannot serve ${source.key} (IFD ${img.id}): ${offsets.length} tile offsets and ${counts.length} byte counts for a ${tilesAcross}×${tilesDown} tile grid`,
    );
  }
  return Object.freeze({
    ifd,
    width,
    height,
    tileWidth,
    tileHeight,
    tilesAcross,
    tilesDown,
    compression,
    photometric,
    samplesPerPixel: spp,
    predictor,
    jpegTables: tables === null ? null : Uint8Array.from(tables),
    tileOffsets: Float64Array.from(offsets as ArrayLike<number>),
    tileByteCounts: Float64Array.from(counts as ArrayLike<number>),
    edgeTiles,
  });
}

/** Private tags of the builder's files: exact-size copies of each row's right-edge tile (docs/BUILDER.md). */
export const TAG_EDGE_TILE_OFFSETS = 65080;
export const TAG_EDGE_TILE_BYTE_COUNTS = 65081;

async function edgeTilesOf(img: TiffImage, objectSize: number): Promise<EdgeTiles | null> {
  const offTag = TAG_EDGE_TILE_OFFSETS as TiffTag;
  const countTag = TAG_EDGE_TILE_BYTE_COUNTS as TiffTag;
  if (!img.has(offTag) || !img.has(countTag)) return null;
  const asArray = (v: unknown): number[] =>
    typeof v === 'number' || typeof v === 'bigint' ? [Number(v)] : Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<number | bigint>, Number) : [];
  const offsets = asArray(await img.fetch(offTag));
  const counts = asArray(await img.fetch(countTag));
  const rows = Math.ceil(img.size.height / img.tileSize.height);
  // Anything malformed is ignored: those tiles are transcoded, as without the tags.
  if (offsets.length !== rows || counts.length !== rows) return null;
  if (offsets.some((o, i) => !(o > 0 && counts[i]! > 0 && o + counts[i]! <= objectSize))) return null;
  return { offsets: Float64Array.from(offsets), byteCounts: Float64Array.from(counts) };
}

/**
 * Which IFDs are pyramid levels: the first image, then each later image flagged as a reduced-resolution
 * version (NewSubfileType bit 0) or, for writers that omit the flag, strictly smaller in both dimensions.
 * Masks (bit 2) and other pages of a multi-page file are skipped.
 */
function isLevel(img: TiffImage, previous: TiffImage, base: TiffImage): boolean {
  const sub = img.value(TiffTag.SubFileType) ?? 0;
  if ((sub & SubFileType.Mask) !== 0) return false;
  const smaller = img.size.width < previous.size.width && img.size.height <= previous.size.height;
  return smaller && ((sub & SubFileType.ReducedImage) !== 0 || sub === 0) && proportional(img, base);
}

/**
 * Whether a reduced image has the base's proportions: w = W/s + a and h = H/s + b with |a|, |b| < 1 for any
 * rounding of the level size (ceil, floor), so |w·H − h·W| < max(W, H). An IFD that fails this is another
 * picture (a slide scanner's label or macro image), not a level: serving it as one would stretch the pixels.
 */
function proportional(img: TiffImage, base: TiffImage): boolean {
  const { width: W, height: H } = base.size;
  const { width: w, height: h } = img.size;
  return Math.abs(w * H - h * W) < Math.max(W, H);
}

export async function openPyramid(source: RangeSource, head: Uint8Array): Promise<PyramidIndex> {
  // Structure first, within bounds (src/tiff/tiff-guard.ts): cogeotiff itself follows any IFD chain forever.
  const layout = await guardTiff(source, head);
  let tiff: Tiff;
  try {
    tiff = await Tiff.create(asCogSource(source, layout));
  } catch (err) {
    throw new UnsupportedSource(`cannot serve ${source.key}: not a readable TIFF (${(err as Error).message})`);
  }
  const first = tiff.images[0];
  if (first === undefined) throw new UnsupportedSource(`cannot serve ${source.key}: no images in the TIFF`);
  let candidates = tiff.images.slice(1);
  if (candidates.length === 0) {
    // Reduced levels stored as SubIFDs of the first image: walk each from its own offset (checked by the guard).
    for (const offset of layout.subIfds) {
      const sub = await Tiff.create(asCogSource(source, layout, offset));
      candidates = candidates.concat(sub.images);
    }
  }
  const chosen: TiffImage[] = [first];
  for (const img of candidates) {
    if (isLevel(img, chosen[chosen.length - 1]!, first)) chosen.push(img);
  }
  const levels = await Promise.all(chosen.map((img, i) => levelOf(source, img, img.tiff === tiff ? img.id : i)));
  const base = levels[0]!;
  return Object.freeze({
    width: base.width,
    height: base.height,
    channels: base.samplesPerPixel === 1 ? 1 : 3,
    levels: Object.freeze(levels),
  });
}
