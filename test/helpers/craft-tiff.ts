/**
 * Crafts small classic TIFFs (little-endian, TIFF 6.0 §2) byte by byte for the hardening tests: uncompressed
 * tiled levels of one grey value, laid out header → IFDs with their arrays → tile data, and the positions of
 * every IFD and entry, so a test can then break exactly one number (a next-IFD pointer, a count, an offset).
 */

export interface CraftLevel {
  readonly width: number;
  readonly height: number;
  readonly tile?: number;
  /** Grey value of every pixel (one sample per pixel, uncompressed). */
  readonly grey?: number;
  /** Extra or replacing entries: tag → [type, values]. */
  readonly extra?: Readonly<Record<number, readonly [number, readonly number[]]>>;
}

export interface CraftedTiff {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Offset of each IFD. */
  readonly ifds: readonly number[];
  /** Offset of IFD i's next-IFD pointer. */
  readonly nextAt: readonly number[];
  /** Offset of the 12-byte entry of `tag` in IFD i. */
  entryAt(ifd: number, tag: number): number;
}

const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 7: 1, 16: 8 };

export const T = { width: 256, height: 257, bits: 258, compression: 259, photometric: 262, spp: 277, tileWidth: 322, tileHeight: 323, tileOffsets: 324, tileByteCounts: 325, subIfds: 330, newSubfileType: 254 } as const;

/** A tiled, uncompressed, one-band TIFF with the given levels chained from IFD 0. */
export function craftTiff(levels: readonly CraftLevel[]): CraftedTiff {
  type Entry = { tag: number; type: number; values: number[] };
  const plans = levels.map((l, i) => {
    const tile = l.tile ?? 16;
    const across = Math.ceil(l.width / tile);
    const down = Math.ceil(l.height / tile);
    const n = across * down;
    const entries = new Map<number, Entry>([
      [T.newSubfileType, { tag: T.newSubfileType, type: 4, values: [i === 0 ? 0 : 1] }],
      [T.width, { tag: T.width, type: 4, values: [l.width] }],
      [T.height, { tag: T.height, type: 4, values: [l.height] }],
      [T.bits, { tag: T.bits, type: 3, values: [8] }],
      [T.compression, { tag: T.compression, type: 3, values: [1] }],
      [T.photometric, { tag: T.photometric, type: 3, values: [1] }],
      [T.spp, { tag: T.spp, type: 3, values: [1] }],
      [T.tileWidth, { tag: T.tileWidth, type: 3, values: [tile] }],
      [T.tileHeight, { tag: T.tileHeight, type: 3, values: [tile] }],
      [T.tileOffsets, { tag: T.tileOffsets, type: 4, values: new Array<number>(n).fill(0) }],
      [T.tileByteCounts, { tag: T.tileByteCounts, type: 4, values: new Array<number>(n).fill(tile * tile) }],
    ]);
    for (const [tag, [type, values]] of Object.entries(l.extra ?? {})) entries.set(Number(tag), { tag: Number(tag), type, values: [...values] });
    return { level: l, tile, n, entries: [...entries.values()].sort((a, b) => a.tag - b.tag) };
  });
  // Sizes: IFD blocks and out-of-line arrays first, then tiles.
  let at = 8;
  const layout = plans.map((p) => {
    const ifd = at;
    at += 2 + p.entries.length * 12 + 4;
    const arrays = p.entries.map((e) => {
      const bytes = e.values.length * TYPE_BYTES[e.type]!;
      if (bytes <= 4) return -1;
      const o = at;
      at += bytes + (bytes % 2);
      return o;
    });
    return { ifd, arrays };
  });
  const tileStart = at;
  for (const p of plans) at += p.n * p.tile * p.tile;
  const bytes = new Uint8Array(at);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, layout[0]!.ifd, true);
  let tileAt = tileStart;
  const entryAt = new Map<string, number>();
  const nextAt: number[] = [];
  plans.forEach((p, i) => {
    const offsets = p.entries.find((e) => e.tag === T.tileOffsets)!;
    if (!p.level.extra?.[T.tileOffsets]) {
      for (let k = 0; k < p.n; k++) {
        offsets.values[k] = tileAt;
        bytes.fill(p.level.grey ?? 128, tileAt, tileAt + p.tile * p.tile);
        tileAt += p.tile * p.tile;
      }
    }
    const { ifd, arrays } = layout[i]!;
    view.setUint16(ifd, p.entries.length, true);
    p.entries.forEach((e, k) => {
      const pos = ifd + 2 + k * 12;
      entryAt.set(`${i}:${e.tag}`, pos);
      view.setUint16(pos, e.tag, true);
      view.setUint16(pos + 2, e.type, true);
      view.setUint32(pos + 4, e.values.length, true);
      const size = TYPE_BYTES[e.type]!;
      const target = arrays[k]! < 0 ? pos + 8 : arrays[k]!;
      e.values.forEach((v, j) => {
        const o = target + j * size;
        if (size === 1) view.setUint8(o, v);
        else if (size === 2) view.setUint16(o, v, true);
        else if (size === 4) view.setUint32(o, v, true);
        else view.setBigUint64(o, BigInt(v), true);
      });
      if (arrays[k]! >= 0) view.setUint32(pos + 8, arrays[k]!, true);
    });
    const next = ifd + 2 + p.entries.length * 12;
    nextAt.push(next);
    view.setUint32(next, i + 1 < plans.length ? layout[i + 1]!.ifd : 0, true);
  });
  return {
    bytes,
    ifds: layout.map((l) => l.ifd),
    nextAt,
    entryAt(ifd, tag) {
      const pos = entryAt.get(`${ifd}:${tag}`);
      if (pos === undefined) throw new Error(`no tag ${tag} in IFD ${ifd}`);
      return pos;
    },
  };
}

/** Overwrites a little-endian uint32 (returns the same bytes, for chaining in tables). */
export function patch32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value, true);
  return bytes;
}

export function patch16(bytes: Uint8Array, at: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint16(at, value, true);
  return bytes;
}

export interface LocatedIfd {
  readonly at: number;
  readonly nextAt: number;
  /** tag → where its entry is and where its values are (inline or not). */
  readonly entries: ReadonlyMap<number, { readonly entryAt: number; readonly type: number; readonly count: number; readonly valuesAt: number }>;
}

/** The main IFD chain of a classic little-endian TIFF, with entry positions, for patching committed fixtures. */
export function locateIfds(bytes: Uint8Array): LocatedIfd[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0x4949 || view.getUint16(2, true) !== 42) throw new Error('locateIfds reads classic little-endian TIFFs only');
  const out: LocatedIfd[] = [];
  for (let at = view.getUint32(4, true); at !== 0 && out.length < 64; ) {
    const n = view.getUint16(at, true);
    const entries = new Map<number, { entryAt: number; type: number; count: number; valuesAt: number }>();
    for (let i = 0; i < n; i++) {
      const e = at + 2 + i * 12;
      const type = view.getUint16(e + 2, true);
      const count = view.getUint32(e + 4, true);
      const bytesLong = count * (TYPE_BYTES[type] ?? 1);
      entries.set(view.getUint16(e, true), { entryAt: e, type, count, valuesAt: bytesLong <= 4 ? e + 8 : view.getUint32(e + 8, true) });
    }
    const nextAt = at + 2 + n * 12;
    out.push({ at, nextAt, entries });
    at = view.getUint32(nextAt, true);
  }
  return out;
}
