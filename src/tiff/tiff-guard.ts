/**
 * A bounded walk of a TIFF's structure before @cogeotiff/core reads it. cogeotiff follows the IFD chain with
 * `while (next !== 0)` and no memory of where it has been: a file whose IFD points back to itself (or two
 * IFDs pointing at each other) made it loop forever, synchronously when the IFD sits in the bytes already
 * read, which froze the whole isolate. No TIFF library for the Worker bounds this, so this file does, by the
 * TIFF 6.0 §2 structure (header, IFD = entry count + 12-byte entries + next offset; BigTIFF: 8-byte count,
 * 20-byte entries, 8-byte offsets):
 *
 * - every IFD offset is visited at most once, and at most `maxIfds` IFDs in all (main chain plus SubIFDs);
 * - every IFD, and every out-of-line tag value, lies inside the object before anything is read or allocated;
 * - image and tile sizes and tile counts are bounded (`TiffBounds`), so the index built from them is too.
 *
 * The IFD blocks it reads beyond the head are handed back, so cogeotiff's walk over the same offsets costs
 * no second R2 read. Damage is a BrokenSource (the stored object is wrong); a non-TIFF is UnsupportedSource.
 */
import { BrokenSource, UnsupportedSource } from '../errors';
import type { RangeSource } from '../source/range-source';

export interface TiffBounds {
  /** IFDs followed in all, main chain and SubIFDs together (a pyramid of 2^21 px has 14 levels of 256 px tiles). */
  readonly maxIfds: number;
  /** Entries in one IFD (the builder writes about 20; 512 leaves room for any writer's private tags). */
  readonly maxEntries: number;
  /** Width or height of any image in the file. */
  readonly maxDimension: number;
  /** Tile width or height (TIFF 6.0 §15: multiples of 16); one decoded tile is side² × 4 bytes. */
  readonly maxTileSide: number;
  /** Tiles in one IFD's TileOffsets/TileByteCounts, which become 16 bytes each in the index. */
  readonly maxTiles: number;
}

/**
 * 2^20 tiles is a 16 MiB index (the whole per-isolate index cache, src/tiff/pyramid-cache.ts) and 68
 * gigapixels at 256² tiles, far beyond a 5 GB master; 2^21 px a side covers any scan or map we know of.
 */
export const TIFF_BOUNDS: TiffBounds = Object.freeze({
  maxIfds: 64,
  maxEntries: 512,
  maxDimension: 1 << 21,
  maxTileSide: 2048,
  maxTiles: 1 << 20,
});

/** Bytes per value of each field type (TIFF 6.0 §2, BigTIFF adds 16 LONG8, 17 SLONG8, 18 IFD8). */
const TYPE_BYTES: ReadonlyMap<number, number> = new Map([
  [1, 1], [2, 1], [3, 2], [4, 4], [5, 8], [6, 1], [7, 1], [8, 2], [9, 4], [10, 8], [11, 4], [12, 8], [13, 4],
  [16, 8], [17, 8], [18, 8],
]);

const TAG = { width: 256, height: 257, tileWidth: 322, tileHeight: 323, tileOffsets: 324, tileByteCounts: 325, subIfds: 330 } as const;

/** cogeotiff reads this much at an IFD it does not have yet (Tiff.DefaultReadSize); the guard reads the same. */
export const IFD_READ_BYTES = 16 * 1024;

/** A block of the object already read: the head, or an IFD the guard fetched. */
export interface ByteBlock {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

export interface TiffLayout {
  readonly little: boolean;
  readonly bigTiff: boolean;
  /** Offsets of the main IFD chain, in order. */
  readonly chain: readonly number[];
  /** Offsets listed in IFD 0's SubIFDs tag, each the start of a checked chain. */
  readonly subIfds: readonly number[];
  /** Every block read so far (the head first), for answering cogeotiff's reads without R2. */
  readonly blocks: readonly ByteBlock[];
}

interface Format {
  readonly little: boolean;
  readonly big: boolean;
  readonly countBytes: number;
  readonly entryBytes: number;
  readonly pointerBytes: number;
}

function describeMagic(head: Uint8Array): string {
  if (head.length === 0) return 'an empty object';
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'a PNG file';
  if (head[0] === 0xff && head[1] === 0xd8) return 'a JPEG file';
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'a PDF file';
  const text = head.subarray(0, 64).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  return text ? 'a text file' : 'unrecognised bytes';
}

function formatOf(key: string, head: Uint8Array): Format {
  const order = head.length >= 8 ? (head[0]! << 8) | head[1]! : 0;
  const little = order === 0x4949;
  if (!little && order !== 0x4d4d) throw new UnsupportedSource(`cannot serve ${key}: ${describeMagic(head)}, not a TIFF`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint16(2, little);
  if (version === 42) return { little, big: false, countBytes: 2, entryBytes: 12, pointerBytes: 4 };
  if (version === 43 && head.length >= 16 && view.getUint16(4, little) === 8 && view.getUint16(6, little) === 0) {
    return { little, big: true, countBytes: 8, entryBytes: 20, pointerBytes: 8 };
  }
  throw new UnsupportedSource(`cannot serve ${key}: TIFF header with version ${version} (42 or 43 expected)`);
}

class Reader {
  readonly blocks: ByteBlock[];
  constructor(
    private readonly source: RangeSource,
    head: Uint8Array,
    private readonly f: Format,
  ) {
    this.blocks = [{ offset: 0, bytes: head }];
  }

  /** A view covering [offset, offset + length), from a block in hand or one new bounded read. */
  async view(offset: number, length: number): Promise<{ view: DataView; at: number }> {
    for (const b of this.blocks) {
      if (offset >= b.offset && offset + length <= b.offset + b.bytes.length) {
        return { view: new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength), at: offset - b.offset };
      }
    }
    const want = Math.max(length, Math.min(IFD_READ_BYTES, this.source.size - offset));
    const bytes = await this.source.read(offset, want);
    if (bytes.length < length) throw new BrokenSource(`cannot serve ${this.source.key}: truncated at an IFD (byte ${offset})`);
    this.blocks.push({ offset, bytes });
    return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: 0 };
  }

  uint(view: DataView, at: number, bytes: number): number {
    if (bytes === 2) return view.getUint16(at, this.f.little);
    if (bytes === 4) return view.getUint32(at, this.f.little);
    const v = view.getBigUint64(at, this.f.little);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
}

interface Walk {
  readonly key: string;
  readonly size: number;
  readonly bounds: TiffBounds;
  readonly visited: Set<number>;
}

function broken(w: Walk, what: string): never {
  throw new BrokenSource(`cannot serve ${w.key}: ${what}`);
}

/** Checks one IFD and returns its next-IFD offset and, when asked, its SubIFD offsets. */
async function checkIfd(w: Walk, r: Reader, f: Format, offset: number, wantSubIfds: boolean): Promise<{ next: number; subIfds: number[] }> {
  const headerBytes = f.big ? 16 : 8;
  if (!Number.isSafeInteger(offset) || offset < headerBytes || offset + f.countBytes > w.size) {
    broken(w, `IFD offset ${offset} lies outside the object (${w.size} bytes)`);
  }
  if (w.visited.has(offset)) broken(w, `the IFD chain loops back to offset ${offset}`);
  if (w.visited.size >= w.bounds.maxIfds) broken(w, `more than ${w.bounds.maxIfds} IFDs`);
  w.visited.add(offset);

  const countAt = await r.view(offset, f.countBytes);
  const entries = r.uint(countAt.view, countAt.at, f.countBytes);
  if (entries === 0 || entries > w.bounds.maxEntries) broken(w, `IFD at ${offset} claims ${entries} entries (1–${w.bounds.maxEntries} allowed)`);
  const blockBytes = f.countBytes + entries * f.entryBytes + f.pointerBytes;
  if (offset + blockBytes > w.size) broken(w, `IFD at ${offset} runs past the end of the object`);
  const { view, at } = await r.view(offset, blockBytes);

  let subIfds: number[] = [];
  let tileWidth = 0;
  let tileHeight = 0;
  for (let i = 0; i < entries; i++) {
    const e = at + f.countBytes + i * f.entryBytes;
    const tag = view.getUint16(e, f.little);
    const type = view.getUint16(e + 2, f.little);
    const count = r.uint(view, e + 4, f.pointerBytes);
    const valueAt = e + 4 + f.pointerBytes;
    const unit = TYPE_BYTES.get(type);
    if (unit === undefined) continue; // unknown types are skipped by readers (TIFF 6.0 §2); nothing is read
    const bytes = count * unit;
    const inline = bytes <= f.pointerBytes;
    if (!inline) {
      const valueOffset = r.uint(view, valueAt, f.pointerBytes);
      if (bytes > w.size || valueOffset + bytes > w.size) {
        broken(w, `tag ${tag} of the IFD at ${offset} points past the end of the object (${count} values at ${valueOffset})`);
      }
    }
    const first = (): number => (unit === 2 ? view.getUint16(valueAt, f.little) : unit === 4 ? view.getUint32(valueAt, f.little) : r.uint(view, valueAt, 8));
    if ((tag === TAG.width || tag === TAG.height) && inline && count >= 1) {
      const v = first();
      if (v === 0 || v > w.bounds.maxDimension) broken(w, `image ${tag === TAG.width ? 'width' : 'height'} ${v} in the IFD at ${offset} (1–${w.bounds.maxDimension} allowed)`);
    }
    if ((tag === TAG.tileWidth || tag === TAG.tileHeight) && inline && count >= 1) {
      const v = first();
      if (v === 0 || v > w.bounds.maxTileSide) broken(w, `tile ${tag === TAG.tileWidth ? 'width' : 'height'} ${v} in the IFD at ${offset} (1–${w.bounds.maxTileSide} allowed)`);
      if (tag === TAG.tileWidth) tileWidth = v;
      else tileHeight = v;
    }
    if ((tag === TAG.tileOffsets || tag === TAG.tileByteCounts) && count > w.bounds.maxTiles) {
      broken(w, `${count} tiles in the IFD at ${offset} (at most ${w.bounds.maxTiles})`);
    }
    if (tag === TAG.subIfds && wantSubIfds) {
      if (count > w.bounds.maxIfds) broken(w, `${count} SubIFDs (at most ${w.bounds.maxIfds})`);
      const list = inline ? { view, at: valueAt } : await r.view(r.uint(view, valueAt, f.pointerBytes), bytes);
      subIfds = Array.from({ length: count }, (_, k) => r.uint(list.view, list.at + k * unit, unit));
    }
  }
  if (tileWidth * tileHeight > w.bounds.maxTileSide * w.bounds.maxTileSide) broken(w, `tiles of ${tileWidth}×${tileHeight}`);
  const next = r.uint(view, at + f.countBytes + entries * f.entryBytes, f.pointerBytes);
  return { next, subIfds };
}

async function walkChain(w: Walk, r: Reader, f: Format, start: number, collectSubIfds: boolean): Promise<{ chain: number[]; subIfds: number[] }> {
  const chain: number[] = [];
  let subIfds: number[] = [];
  for (let offset = start; offset !== 0; ) {
    const ifd = await checkIfd(w, r, f, offset, collectSubIfds && chain.length === 0);
    if (chain.length === 0) subIfds = ifd.subIfds;
    chain.push(offset);
    offset = ifd.next;
  }
  return { chain, subIfds };
}

/**
 * Checks the structure of the TIFF whose first bytes are `head`: header, every IFD of the main chain and of
 * IFD 0's SubIFDs, within `bounds`. Throws before cogeotiff sees anything malformed.
 */
export async function guardTiff(source: RangeSource, head: Uint8Array, bounds: TiffBounds = TIFF_BOUNDS): Promise<TiffLayout> {
  const f = formatOf(source.key, head);
  const r = new Reader(source, head, f);
  const w: Walk = { key: source.key, size: source.size, bounds, visited: new Set() };
  const first = r.uint(new DataView(head.buffer, head.byteOffset, head.byteLength), f.big ? 8 : 4, f.pointerBytes);
  if (first === 0) broken(w, 'the header names no IFD');
  const main = await walkChain(w, r, f, first, true);
  for (const sub of main.subIfds) await walkChain(w, r, f, sub, false);
  return { little: f.little, bigTiff: f.big, chain: main.chain, subIfds: main.subIfds, blocks: r.blocks };
}
