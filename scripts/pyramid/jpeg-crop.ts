/**
 * Lossless crop of an abbreviated baseline JPEG tile to its top-left `width` × `height` pixels, the way
 * `jpegtran -crop WxH+0+0` does it: the quantised DCT coefficients of every kept block are left exactly
 * as they were, only the MCUs right of and below the crop are dropped, the DC differences are re-coded
 * for the new block order (ITU T.81 §F.1.2.1: DC is predicted from the previous block of the component)
 * and the frame header gets the new size. The AC bits of each block are copied unchanged, so the result
 * uses the same Huffman and quantisation tables (the level's JPEGTables) and needs no new ones.
 * This is how the builder makes the exact-size copies of right-edge tiles (docs/BUILDER.md).
 */
import { BitReader, BitWriter, dcCategory, readDht, tableKey, type HuffmanTable } from './jpeg-huffman';
import { concatBytes } from '../../src/util/bytes';

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
}

interface ScanComponent {
  readonly component: number;
  readonly dc: HuffmanTable;
  readonly ac: HuffmanTable;
}

interface ParsedTile {
  readonly width: number;
  readonly height: number;
  readonly components: readonly Component[];
  readonly scan: readonly ScanComponent[];
  /** Segments before the frame kept as they are (APPn such as Adobe's, tables carried by the tile). */
  readonly ownSegments: readonly Uint8Array[];
  readonly sof: Uint8Array;
  readonly sos: Uint8Array;
  readonly entropy: Uint8Array;
}

const SOF0 = 0xc0;
const SOF1 = 0xc1;
const DHT = 0xc4;
const DRI = 0xdd;
const SOS = 0xda;

/** Crops `tile` (abbreviated stream; its tables in `tables`) to width × height; see the file comment. */
export function cropJpegTile(tables: Uint8Array, tile: Uint8Array, width: number, height: number): Uint8Array {
  const t = parseTile(tables, tile);
  if (width < 1 || height < 1 || width > t.width || height > t.height) {
    throw new Error(`crop ${width}×${height} does not fit the ${t.width}×${t.height} tile`);
  }
  const from = unitGrid(t, t.width, t.height);
  const to = unitGrid(t, width, height);
  const reader = new BitReader(t.entropy);
  const writer = new BitWriter();
  const pred = new Array<number>(t.scan.length).fill(0); // decoder's DC predictors
  const outPred = new Array<number>(t.scan.length).fill(0); // encoder's DC predictors
  for (let row = 0; row < to.down; row++) {
    for (let col = 0; col < from.across; col++) {
      for (const s of from.blocks) {
        const sc = t.scan[s]!;
        const size = reader.decode(sc.dc);
        pred[s] = pred[s]! + reader.signed(size);
        const acStart = reader.position;
        skipAc(reader, sc.ac);
        if (col >= to.across) continue;
        const acEnd = reader.position;
        const { size: outSize, bits } = dcCategory(pred[s]! - outPred[s]!);
        writer.code(sc.dc, outSize);
        writer.bits(bits, outSize);
        writer.copy(reader, acStart, acEnd);
        outPred[s] = pred[s]!;
      }
    }
  }
  return concatBytes([new Uint8Array([0xff, 0xd8]), ...t.ownSegments, withSize(t.sof, width, height), t.sos, writer.finish(), new Uint8Array([0xff, 0xd9])]);
}

/** Walks the AC coefficients of one block (§F.2.2.2) without keeping them. */
function skipAc(reader: BitReader, ac: HuffmanTable): void {
  for (let k = 1; k < 64; ) {
    const rs = reader.decode(ac);
    const run = rs >> 4;
    const size = rs & 15;
    if (size === 0) {
      if (run !== 15) return; // EOB
      k += 16; // ZRL
      continue;
    }
    reader.bits(size);
    k += run + 1;
  }
}

/**
 * The scan's units for an image of w × h: interleaved scans code MCUs of Hmax×8 by Vmax×8 pixels, each
 * with H×V blocks of every component in scan order (§A.2.3); a one-component scan codes single blocks over
 * that component's own block grid (§A.2.2). `blocks` lists the scan component of each block of a unit.
 */
function unitGrid(t: ParsedTile, w: number, h: number): { across: number; down: number; blocks: number[] } {
  const hMax = Math.max(...t.components.map((c) => c.h));
  const vMax = Math.max(...t.components.map((c) => c.v));
  if (t.scan.length === 1) {
    const c = t.components[t.scan[0]!.component]!;
    return { across: Math.ceil(Math.ceil((w * c.h) / hMax) / 8), down: Math.ceil(Math.ceil((h * c.v) / vMax) / 8), blocks: [0] };
  }
  const blocks = t.scan.flatMap((s, i) => new Array<number>(t.components[s.component]!.h * t.components[s.component]!.v).fill(i));
  return { across: Math.ceil(w / (8 * hMax)), down: Math.ceil(h / (8 * vMax)), blocks };
}

function parseTile(tables: Uint8Array, tile: Uint8Array): ParsedTile {
  const huffman = new Map<string, HuffmanTable>();
  for (const seg of segments(tables).filter((s) => s.code === DHT)) readDht(seg.body, huffman);
  let sof: { bytes: Uint8Array; body: Uint8Array } | null = null;
  const ownSegments: Uint8Array[] = [];
  for (const seg of segments(tile)) {
    if (seg.code === DHT) readDht(seg.body, huffman);
    if (seg.code === SOF0 || seg.code === SOF1) sof = seg;
    else if (seg.code !== SOS && seg.code !== DRI) ownSegments.push(seg.bytes);
    if (seg.code === DRI && (seg.body[0]! | seg.body[1]!) !== 0) throw new Error('JPEG: restart intervals are not supported');
    if (seg.code >= 0xc2 && seg.code <= 0xcf && ![DHT, 0xc8, 0xcc].includes(seg.code)) {
      throw new Error(`JPEG: frame type 0x${seg.code.toString(16)} is not baseline`);
    }
    if (seg.code !== SOS) continue;
    if (!sof) throw new Error('JPEG: scan before the frame header');
    const b = sof.body;
    const components = Array.from({ length: b[5]! }, (_, i) => ({ id: b[6 + i * 3]!, h: b[7 + i * 3]! >> 4, v: b[7 + i * 3]! & 15 }));
    const scan = Array.from({ length: seg.body[0]! }, (_, i) => {
      const id = seg.body[1 + i * 2]!;
      const sel = seg.body[2 + i * 2]!;
      const dc = huffman.get(tableKey(0, sel >> 4));
      const ac = huffman.get(tableKey(1, sel & 15));
      const component = components.findIndex((c) => c.id === id);
      if (!dc || !ac || component < 0) throw new Error(`JPEG: scan component ${id} has no tables or frame entry`);
      return { component, dc, ac };
    });
    if (scan.length !== components.length) throw new Error('JPEG: more than one scan');
    return {
      width: (b[3]! << 8) | b[4]!,
      height: (b[1]! << 8) | b[2]!,
      components,
      scan,
      ownSegments,
      sof: sof.bytes,
      sos: seg.bytes,
      entropy: unstuff(tile, seg.end),
    };
  }
  throw new Error('JPEG: no scan');
}

interface Segment {
  readonly code: number;
  readonly bytes: Uint8Array;
  readonly body: Uint8Array;
  readonly end: number;
}

/** Marker segments from after SOI up to and including SOS (§B.1.1.4). */
function segments(jpeg: Uint8Array): Segment[] {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('JPEG does not start with SOI');
  const out: Segment[] = [];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff && jpeg[i + 1] !== 0xd9) {
    const code = jpeg[i + 1]!;
    const end = i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
    out.push({ code, bytes: jpeg.subarray(i, end), body: jpeg.subarray(i + 4, end), end });
    if (code === SOS) break;
    i = end;
  }
  return out;
}

/** The entropy-coded bytes from `start` to the next marker, with stuffed 0x00 bytes removed (§B.1.1.5). */
function unstuff(jpeg: Uint8Array, start: number): Uint8Array {
  const out = new Uint8Array(jpeg.length - start);
  let n = 0;
  for (let i = start; i < jpeg.length; i++) {
    const b = jpeg[i]!;
    if (b !== 0xff) {
      out[n++] = b;
      continue;
    }
    const next = jpeg[i + 1];
    if (next === 0x00) {
      out[n++] = 0xff;
      i++;
    } else if (next !== 0xff) break; // a marker (EOI) ends the scan; 0xFF 0xFF is fill
  }
  return out.subarray(0, n);
}

/** A copy of the SOF segment with new lines (Y) and samples per line (X), §B.2.2. */
function withSize(sof: Uint8Array, width: number, height: number): Uint8Array {
  const out = sof.slice();
  out.set([height >> 8, height & 0xff, width >> 8, width & 0xff], 5);
  return out;
}

