/**
 * A deliberately separate, minimal TIFF reader for the tests (TIFF 6.0 §2 and BigTIFF): walks the IFD chain
 * and returns each IFD's size, tiling, tile arrays and JPEGTables. It shares no code with src/tiff (which
 * uses @cogeotiff/core), so passthrough bytes can be checked against an independent reading of the file.
 */

export interface TestIfd {
  readonly width: number;
  readonly height: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly tileOffsets: readonly number[];
  readonly tileByteCounts: readonly number[];
  readonly jpegTables: Uint8Array | null;
  /** TIFF 6.0 §8 Compression, §8 SamplesPerPixel and §14 Predictor (defaults 1, 1, 1). */
  readonly compression: number;
  readonly samplesPerPixel: number;
  readonly predictor: number;
}

const TAG = {
  width: 256,
  height: 257,
  compression: 259,
  samplesPerPixel: 277,
  predictor: 317,
  tileWidth: 322,
  tileHeight: 323,
  offsets: 324,
  counts: 325,
  subIfds: 330,
  tables: 347,
};

/** Bytes per value of each TIFF field type (TIFF 6.0 §2 plus BigTIFF's LONG8/IFD8). */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
  u64(at: number): number;
}

function reader(bytes: Uint8Array, little: boolean): Reader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    u16: (at) => view.getUint16(at, little),
    u32: (at) => view.getUint32(at, little),
    u64: (at) => Number(view.getBigUint64(at, little)),
  };
}

/**
 * Reads every IFD of a classic or Big TIFF in pyramid order: the main chain from IFD 0, each IFD followed
 * by its SubIFDs (tag 330, Adobe TIFF Technote 1; libvips `--subifd` stores its levels there).
 */
export function readTestTiff(bytes: Uint8Array): TestIfd[] {
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') throw new Error('not a TIFF');
  const r = reader(bytes, order === 'II');
  const big = r.u16(2) === 43;
  const ifds: TestIfd[] = [];
  let at = big ? r.u64(8) : r.u32(4);
  while (at !== 0) {
    const { ifd, next, subIfds } = readIfd(bytes, r, big, at);
    ifds.push(ifd, ...subIfds.map((sub) => readIfd(bytes, r, big, sub).ifd));
    at = next;
  }
  return ifds;
}

function readIfd(bytes: Uint8Array, r: Reader, big: boolean, at: number): { ifd: TestIfd; next: number; subIfds: number[] } {
  const entrySize = big ? 20 : 12;
  const inlineBytes = big ? 8 : 4;
  const count = big ? r.u64(at) : r.u16(at);
  const first = at + (big ? 8 : 2);
  const tags = new Map<number, { type: number; count: number; at: number }>();
  for (let i = 0; i < count; i++) {
    const e = first + i * entrySize;
    const type = r.u16(e + 2);
    const n = big ? r.u64(e + 4) : r.u32(e + 4);
    const valueAt = e + (big ? 12 : 8);
    const size = (TYPE_SIZE[type] ?? 1) * n;
    tags.set(r.u16(e), { type, count: n, at: size <= inlineBytes ? valueAt : big ? r.u64(valueAt) : r.u32(valueAt) });
  }
  const values = (tag: number): number[] => {
    const t = tags.get(tag);
    if (t === undefined) return [];
    const size = TYPE_SIZE[t.type]!;
    const read = size === 2 ? r.u16 : size === 4 ? r.u32 : r.u64;
    return Array.from({ length: t.count }, (_, i) => read(t.at + i * size));
  };
  const tables = tags.get(TAG.tables);
  const ifd: TestIfd = {
    width: values(TAG.width)[0]!,
    height: values(TAG.height)[0]!,
    tileWidth: values(TAG.tileWidth)[0] ?? 0,
    tileHeight: values(TAG.tileHeight)[0] ?? 0,
    tileOffsets: values(TAG.offsets),
    tileByteCounts: values(TAG.counts),
    jpegTables: tables === undefined ? null : bytes.slice(tables.at, tables.at + tables.count),
    compression: values(TAG.compression)[0] ?? 1,
    samplesPerPixel: values(TAG.samplesPerPixel)[0] ?? 1,
    predictor: values(TAG.predictor)[0] ?? 1,
  };
  const nextAt = first + count * entrySize;
  return { ifd, next: big ? r.u64(nextAt) : r.u32(nextAt), subIfds: values(TAG.subIfds) };
}

/** The stored bytes of tile (col, row) of one IFD. */
export function storedTile(bytes: Uint8Array, ifd: TestIfd, col: number, row: number): Uint8Array {
  const i = row * Math.ceil(ifd.width / ifd.tileWidth) + col;
  return bytes.subarray(ifd.tileOffsets[i]!, ifd.tileOffsets[i]! + ifd.tileByteCounts[i]!);
}

/**
 * What a passthrough must send (TIFF Technical Note 2): SOI, the JPEGTables segments without their SOI and
 * EOI, the tile without its SOI; for a bottom-edge tile the SOF's number of lines set to the real height.
 */
export function expectedPassthrough(ifd: TestIfd, tile: Uint8Array, realHeight: number): Uint8Array {
  const tables = ifd.jpegTables!;
  const out = new Uint8Array([0xff, 0xd8, ...tables.subarray(2, tables.length - 2), ...tile.subarray(2)]);
  if (realHeight === ifd.tileHeight) return out;
  let i = 2;
  // Walk marker segments to the first SOF0–SOF2 (ITU T.81 §B.2.2: Y, the number of lines, at offset 5).
  while (!(out[i] === 0xff && out[i + 1]! >= 0xc0 && out[i + 1]! <= 0xc2)) i += 2 + ((out[i + 2]! << 8) | out[i + 3]!);
  out[i + 5] = realHeight >> 8;
  out[i + 6] = realHeight & 0xff;
  return out;
}

/**
 * The samples of one stored tile of an uncompressed (1) or deflate (8/32946) IFD, with horizontal
 * differencing (Predictor 2, TIFF 6.0 §14) undone: tileWidth × tileHeight × samplesPerPixel bytes.
 */
export async function losslessTileSamples(bytes: Uint8Array, ifd: TestIfd, col: number, row: number): Promise<Uint8Array> {
  const stored = storedTile(bytes, ifd, col, row);
  let samples: Uint8Array;
  if (ifd.compression === 1) samples = stored.slice();
  else if (ifd.compression === 8 || ifd.compression === 32946) {
    const stream = new Blob([stored.slice()]).stream().pipeThrough(new DecompressionStream('deflate'));
    samples = new Uint8Array(await new Response(stream).arrayBuffer());
  } else throw new Error(`compression ${ifd.compression} is not lossless here`);
  if (ifd.predictor === 2) {
    const spp = ifd.samplesPerPixel;
    const rowBytes = ifd.tileWidth * spp;
    for (let y = 0; y < ifd.tileHeight; y++) {
      for (let i = y * rowBytes + spp; i < (y + 1) * rowBytes; i++) samples[i] = (samples[i]! + samples[i - spp]!) & 0xff;
    }
  }
  return samples;
}
