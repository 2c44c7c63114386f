/**
 * The pyramid TIFF writer (docs/ARCHITECTURE.md §2), written by hand because no library writes this layout: every IFD
 * and all their out-of-line values first (the "header"), then tile data from the smallest level to the
 * largest, then the exact-size copies of right-edge tiles (edge-tiles.ts), smallest level first too.
 * Little-endian; classic TIFF, or BigTIFF when the file would pass 4 GiB (or when forced).
 * Pure: given the levels and each tile's byte count it returns the header bytes and every tile's offset;
 * the caller streams the tile bytes after the header in `dataOrder`, then the edge copies in the same
 * level order.
 */
import { FIELD_TYPES, TAGS, type Entry, type FieldType, type TagName } from './tiff-tags';
import { levelIfd, type PyramidTiffLevel } from './tiff-ifd';

export type { PyramidTiffLevel } from './tiff-ifd';

export interface PyramidTiffSpec {
  /** Level 0 first; each level is exactly ceil(W/2^k) × ceil(H/2^k) (checked by the caller). */
  readonly levels: readonly PyramidTiffLevel[];
  /** ImageDescription of IFD 0 (the JSON provenance record). */
  readonly description: string;
  readonly software: string;
  /** true: always BigTIFF; false: never (throws past 4 GiB); 'auto' (default): only when needed. */
  readonly bigTiff?: boolean | 'auto';
}

export interface PyramidTiffLayout {
  readonly bigTiff: boolean;
  readonly header: Uint8Array;
  /** Absolute offset of each tile, per level, row-major (TIFF 6.0 §15: tiles left to right, top to bottom). */
  readonly tileOffsets: readonly (readonly number[])[];
  /** Offset of each level's edge copies, per tile row (0 where the byte count is 0); null: no edge tags. */
  readonly edgeOffsets: readonly (readonly number[] | null)[];
  /** Level indices in the order their tile data follows the header: smallest level first. */
  readonly dataOrder: readonly number[];
  readonly fileSize: number;
}

const CLASSIC_LIMIT = 2 ** 32 - 1;

/** Lays out a pyramid TIFF; see the file comment. */
export function layoutPyramidTiff(spec: PyramidTiffSpec): PyramidTiffLayout {
  const mode = spec.bigTiff ?? 'auto';
  const classic = mode === true ? null : layoutWith(spec, false);
  if (classic && classic.fileSize <= CLASSIC_LIMIT) return classic;
  if (mode === false) throw new Error(`pyramid of ${classic?.fileSize} bytes needs BigTIFF`);
  return layoutWith(spec, true);
}

function layoutWith(spec: PyramidTiffSpec, bigTiff: boolean): PyramidTiffLayout {
  const dataOrder = spec.levels.map((_, i) => i).reverse();
  const ifdsFor = (offsets: readonly (readonly number[])[], edges: readonly (readonly number[] | null)[]): Entry[][] =>
    spec.levels.map((level, i) =>
      levelIfd(level, i, offsets[i]!, edges[i]!, i === 0 ? { description: spec.description, software: spec.software } : null),
    );
  // The header's size does not depend on the offset values, only on their count: measure with zeros.
  const zeros = spec.levels.map((l) => l.tileByteCounts.map(() => 0));
  const edgeZeros = spec.levels.map((l) => l.edgeByteCounts?.map(() => 0) ?? null);
  const headerSize = planHeader(ifdsFor(zeros, edgeZeros), bigTiff).size;
  const tileOffsets = spec.levels.map((l) => new Array<number>(l.tileByteCounts.length).fill(0));
  let cursor = headerSize;
  for (const li of dataOrder) {
    spec.levels[li]!.tileByteCounts.forEach((count, t) => {
      tileOffsets[li]![t] = cursor;
      cursor += count;
    });
  }
  const edgeOffsets = spec.levels.map((l) => l.edgeByteCounts?.map(() => 0) ?? null);
  for (const li of dataOrder) {
    spec.levels[li]!.edgeByteCounts?.forEach((count, r) => {
      edgeOffsets[li]![r] = count > 0 ? cursor : 0;
      cursor += count;
    });
  }
  const header = serialiseHeader(ifdsFor(tileOffsets, edgeOffsets), bigTiff);
  if (header.length !== headerSize) throw new Error('TIFF header size changed between passes');
  return { bigTiff, header, tileOffsets, edgeOffsets, dataOrder, fileSize: cursor };
}

/** Classic: 8-byte header, 2-byte count, 12-byte entries, 4-byte next. BigTIFF: 16, 8, 20, 8. */
function formatOf(bigTiff: boolean) {
  return bigTiff
    ? { headerSize: 16, countSize: 8, entrySize: 20, nextSize: 8, slot: 8 }
    : { headerSize: 8, countSize: 2, entrySize: 12, nextSize: 4, slot: 4 };
}

interface EncodedEntry {
  readonly id: number;
  readonly type: FieldType;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly late: boolean;
}

/**
 * Tile offset and byte-count arrays go after every other value, smallest level first like the tile data,
 * so the first read of a big image still gets every IFD and all small values.
 */
const LATE_TAGS: ReadonlySet<TagName> = new Set(['TileOffsets', 'TileByteCounts']);

function encodeEntry(entry: Entry, bigTiff: boolean): EncodedEntry {
  const def = TAGS[entry.tag];
  const type: FieldType = bigTiff && 'bigType' in def ? def.bigType : def.type;
  const { count, bytes } = encodeValues(type, entry.value);
  return { id: def.id, type, count, bytes, late: LATE_TAGS.has(entry.tag) };
}

function encodeValues(type: FieldType, value: Entry['value']): { count: number; bytes: Uint8Array } {
  if (typeof value === 'string') {
    const text = new TextEncoder().encode(`${value}\0`);
    return { count: text.length, bytes: text };
  }
  if (value instanceof Uint8Array) return { count: value.length, bytes: value };
  const size = FIELD_TYPES[type].size;
  const bytes = new Uint8Array(value.length * size);
  const view = new DataView(bytes.buffer);
  value.forEach((v, i) => writeNumber(view, i * size, type, v));
  return { count: value.length, bytes };
}

function writeNumber(view: DataView, at: number, type: FieldType, v: number | readonly [number, number]): void {
  if (Array.isArray(v)) {
    view.setUint32(at, v[0]!, true);
    view.setUint32(at + 4, v[1]!, true);
    return;
  }
  const n = v as number;
  if (!Number.isInteger(n) || n < 0) throw new Error(`TIFF ${type} value must be a non-negative integer: ${n}`);
  if (type === 'SHORT') {
    if (n > 0xffff) throw new Error(`SHORT value out of range: ${n}`);
    view.setUint16(at, n, true);
  } else if (type === 'LONG') {
    if (n > 0xffffffff) throw new Error(`LONG value out of range: ${n}`);
    view.setUint32(at, n, true);
  } else if (type === 'LONG8') view.setBigUint64(at, BigInt(n), true);
  else view.setUint8(at, n);
}

interface HeaderPlan {
  readonly size: number;
  readonly ifdOffsets: readonly number[];
  /** Offset of each out-of-line value, keyed by "ifd:tagId". */
  readonly valueOffsets: ReadonlyMap<string, number>;
  readonly encoded: readonly (readonly EncodedEntry[])[];
}

const even = (n: number): number => n + (n & 1);

function planHeader(ifds: readonly Entry[][], bigTiff: boolean): HeaderPlan {
  const f = formatOf(bigTiff);
  const encoded = ifds.map((entries) =>
    entries.map((e) => encodeEntry(e, bigTiff)).sort((a, b) => a.id - b.id),
  );
  const ifdOffsets: number[] = [];
  let cursor = f.headerSize;
  for (const entries of encoded) {
    ifdOffsets.push(cursor);
    cursor = even(cursor + f.countSize + entries.length * f.entrySize + f.nextSize);
  }
  const valueOffsets = new Map<string, number>();
  const place = (i: number, e: EncodedEntry): void => {
    if (e.bytes.length <= f.slot) return;
    valueOffsets.set(`${i}:${e.id}`, cursor);
    cursor = even(cursor + e.bytes.length); // TIFF 6.0 §2: values begin on a word boundary
  };
  encoded.forEach((entries, i) => entries.filter((e) => !e.late).forEach((e) => place(i, e)));
  for (let i = encoded.length - 1; i >= 0; i--) encoded[i]!.filter((e) => e.late).forEach((e) => place(i, e));
  return { size: cursor, ifdOffsets, valueOffsets, encoded };
}

function serialiseHeader(ifds: readonly Entry[][], bigTiff: boolean): Uint8Array {
  const f = formatOf(bigTiff);
  const plan = planHeader(ifds, bigTiff);
  const out = new Uint8Array(plan.size);
  const view = new DataView(out.buffer);
  const setOffset = (at: number, v: number): void =>
    bigTiff ? view.setBigUint64(at, BigInt(v), true) : view.setUint32(at, v, true);
  out.set([0x49, 0x49], 0); // "II": little-endian
  if (bigTiff) {
    view.setUint16(2, 43, true);
    view.setUint16(4, 8, true); // offset size
    view.setUint16(6, 0, true);
    setOffset(8, plan.ifdOffsets[0]!);
  } else {
    view.setUint16(2, 42, true);
    setOffset(4, plan.ifdOffsets[0]!);
  }
  plan.encoded.forEach((entries, i) => {
    const start = plan.ifdOffsets[i]!;
    if (bigTiff) view.setBigUint64(start, BigInt(entries.length), true);
    else view.setUint16(start, entries.length, true);
    entries.forEach((e, k) => {
      const at = start + f.countSize + k * f.entrySize;
      view.setUint16(at, e.id, true);
      view.setUint16(at + 2, FIELD_TYPES[e.type].code, true);
      const countAt = at + 4;
      const valueAt = bigTiff ? at + 12 : at + 8;
      setOffset(countAt, e.count);
      const outOfLine = plan.valueOffsets.get(`${i}:${e.id}`);
      if (outOfLine === undefined) out.set(e.bytes, valueAt);
      else {
        setOffset(valueAt, outOfLine);
        out.set(e.bytes, outOfLine);
      }
    });
    const nextAt = start + f.countSize + entries.length * f.entrySize;
    setOffset(nextAt, plan.ifdOffsets[i + 1] ?? 0);
  });
  return out;
}
