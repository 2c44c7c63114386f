/**
 * Builds stored tiles for the pixel tests inside workerd: a known pattern cut into tiles and stored as
 * abbreviated JPEG (tables split out as in TIFF Technical Note 2), deflate (optionally with Predictor 2)
 * or raw samples, with the PyramidLevel that describes them.
 */
import { encodeJpeg } from '../../src/pixels/codecs';
import { raster, type Raster } from '../../src/pixels/raster';
import type { TileRef, TranscodePlan } from '../../src/plan/types';
import type { PyramidLevel, TileCompression } from '../../src/tiff/pyramid';
import { concatBytes } from '../../src/util/bytes';

export type Rgb = readonly [number, number, number];

/** Quadrant colours, top-left, top-right, bottom-left, bottom-right: every flip and turn reorders them. */
export const QUADRANTS: readonly Rgb[] = [
  [220, 30, 30],
  [30, 200, 40],
  [30, 40, 210],
  [240, 240, 240],
];

/** Padding colour of edge tiles; it must never appear in any output. */
export const POISON: Rgb = [255, 0, 255];

/** A w×h raster split into four flat quadrants at (splitX, splitY). */
export function quadrants(w: number, h: number, splitX = Math.floor(w / 2), splitY = Math.floor(h / 2)): Raster {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const q = (y < splitY ? 0 : 2) + (x < splitX ? 0 : 1);
      data.set([...QUADRANTS[q]!, 255], (y * w + x) * 4);
    }
  }
  return raster(w, h, data);
}

/** The tile at (col, row) of `image`, padded to tile × tile with POISON. */
function cutTile(image: Raster, col: number, row: number, tile: number): Raster {
  const data = new Uint8Array(tile * tile * 4);
  for (let y = 0; y < tile; y++) {
    for (let x = 0; x < tile; x++) {
      const ix = col * tile + x;
      const iy = row * tile + y;
      const inside = ix < image.width && iy < image.height;
      const i = (iy * image.width + ix) * 4;
      data.set(inside ? image.data.subarray(i, i + 4) : [...POISON, 255], (y * tile + x) * 4);
    }
  }
  return raster(tile, tile, data);
}

interface Segment {
  readonly marker: number;
  readonly bytes: Uint8Array;
}

/** Splits a JPEG into its marker segments up to SOS; the last segment holds SOS, scan and EOI. */
function segments(jpeg: Uint8Array): Segment[] {
  const out: Segment[] = [];
  let i = 2;
  while (i < jpeg.length) {
    const marker = jpeg[i + 1]!;
    if (marker === 0xda) {
      out.push({ marker, bytes: jpeg.subarray(i) });
      break;
    }
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    out.push({ marker, bytes: jpeg.subarray(i, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}


const SOI = new Uint8Array([0xff, 0xd8]);
const EOI = new Uint8Array([0xff, 0xd9]);

/**
 * TIFF-style JPEG: quantisation tables go to JPEGTables (identical for every tile at one quality), the
 * tile keeps frame, Huffman tables and scan; APPn markers are dropped, as TIFF writers do.
 */
async function jpegTile(tile: Raster, gray: boolean): Promise<{ tables: Uint8Array; tile: Uint8Array }> {
  const segs = segments(await encodeJpeg(tile, gray));
  const isApp = (m: number) => m >= 0xe0 && m <= 0xef;
  return {
    tables: concatBytes([SOI, ...segs.filter((s) => s.marker === 0xdb).map((s) => s.bytes), EOI]),
    tile: concatBytes([SOI, ...segs.filter((s) => s.marker !== 0xdb && !isApp(s.marker)).map((s) => s.bytes)]),
  };
}

function samples(tile: Raster, spp: number, predictor: number): Uint8Array {
  const n = tile.width * tile.height;
  const out = new Uint8Array(n * spp);
  for (let i = 0; i < n; i++) for (let c = 0; c < spp; c++) out[i * spp + c] = tile.data[i * 4 + c]!;
  if (predictor === 2) {
    const rowBytes = tile.width * spp;
    for (let y = 0; y < tile.height; y++) {
      for (let i = y * rowBytes + rowBytes - 1; i >= y * rowBytes + spp; i--) out[i] = (out[i]! - out[i - spp]!) & 0xff;
    }
  }
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface TileSetOptions {
  readonly compression: TileCompression;
  readonly tile?: number;
  /** 1 stores grey (the image's red channel), 3 RGB. */
  readonly samplesPerPixel?: 1 | 3;
  readonly predictor?: 1 | 2;
}

/** Cuts `image` into stored tiles and describes them as a level. */
export async function storeTiles(
  image: Raster,
  opts: TileSetOptions,
): Promise<{ level: PyramidLevel; tiles: Map<number, Uint8Array> }> {
  const size = opts.tile ?? 256;
  const spp = opts.samplesPerPixel ?? 3;
  const predictor = opts.predictor ?? 1;
  const across = Math.ceil(image.width / size);
  const down = Math.ceil(image.height / size);
  const tiles = new Map<number, Uint8Array>();
  let tables: Uint8Array | null = null;
  for (let row = 0; row < down; row++) {
    for (let col = 0; col < across; col++) {
      const t = cutTile(image, col, row, size);
      let stored: Uint8Array;
      if (opts.compression === 'jpeg') {
        const split = await jpegTile(t, spp === 1);
        tables = split.tables;
        stored = split.tile;
      } else {
        const raw = samples(t, spp, predictor);
        stored = opts.compression === 'deflate' ? await deflate(raw) : raw;
      }
      tiles.set(row * across + col, stored);
    }
  }
  const level: PyramidLevel = {
    ifd: 0,
    width: image.width,
    height: image.height,
    tileWidth: size,
    tileHeight: size,
    tilesAcross: across,
    tilesDown: down,
    compression: opts.compression,
    photometric: spp === 1 ? 'gray' : opts.compression === 'jpeg' ? 'ycbcr' : 'rgb',
    samplesPerPixel: spp,
    predictor,
    jpegTables: tables,
    tileOffsets: new Float64Array(across * down),
    tileByteCounts: new Float64Array(across * down),
  };
  return { level, tiles };
}

/** A transcode plan over `level` for a crop in level pixels (what the planner would produce). */
export function planFor(
  level: PyramidLevel,
  crop: { x: number; y: number; w: number; h: number },
  out: Partial<Pick<TranscodePlan, 'width' | 'height' | 'rotation' | 'quality' | 'format'>> = {},
): TranscodePlan {
  const c0 = Math.floor(crop.x / level.tileWidth);
  const c1 = Math.floor((crop.x + crop.w - 1) / level.tileWidth);
  const r0 = Math.floor(crop.y / level.tileHeight);
  const r1 = Math.floor((crop.y + crop.h - 1) / level.tileHeight);
  const tiles: TileRef[] = [];
  for (let row = r0; row <= r1; row++) {
    for (let col = c0; col <= c1; col++) tiles.push({ col, row, index: row * level.tilesAcross + col });
  }
  const mx = c0 * level.tileWidth;
  const my = r0 * level.tileHeight;
  return {
    kind: 'transcode',
    level: 0,
    tiles,
    runs: [],
    mosaic: {
      x: mx,
      y: my,
      w: Math.min(level.width, (c1 + 1) * level.tileWidth) - mx,
      h: Math.min(level.height, (r1 + 1) * level.tileHeight) - my,
    },
    crop,
    width: out.width ?? crop.w,
    height: out.height ?? crop.h,
    rotation: out.rotation ?? { mirror: false, degrees: 0 },
    quality: out.quality ?? 'color',
    format: out.format ?? 'png',
  };
}

/** RGB of pixel (x, y). */
export function rgbAt(r: Raster, x: number, y: number): [number, number, number] {
  const i = (y * r.width + x) * 4;
  return [r.data[i]!, r.data[i + 1]!, r.data[i + 2]!];
}

/** Largest channel difference between two colours. */
export function delta(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
