/**
 * Baseline sequential JPEG encoder in plain TypeScript (ITU T.81 Annex F.1 with the JFIF 1.02 wrapper):
 * YCbCr 4:2:0 or one grey component, Annex K quantisation tables at an IJG quality, optimised Huffman
 * tables (Annex K.2). It replaces mozjpeg-in-WASM for derivatives because mozjpeg always runs trellis
 * quantisation (@jsquash exposes no switch; `trellis_loops: 0` crashes), which is most of its cost, and
 * because its heap grows with the largest image and never shrinks, while these buffers are collected
 * (docs/LIMITS.md § Encoder settings has the measurements).
 */
import type { Raster } from '../raster';
import { BitWriter } from './bit-writer';
import { fdct, quantize, reciprocals } from './fdct';
import { huffmanCodes, optimalSpec, type HuffmanCodes } from './huffman';
import { colourStrips, columnOffsets, greyStrip, loadBlock, type Strip } from './planes';
import { AC_CHROMA, AC_LUMA, DC_CHROMA, DC_LUMA, quantTable, type HuffmanSpec } from './tables';
import { headers } from './markers';

export interface JpegEncodeOptions {
  /** IJG quality, 1–100. */
  readonly quality: number;
  /** One grey component (from the red channel) instead of YCbCr. */
  readonly grey: boolean;
  /** Optimal Huffman tables (a second, cheap pass over the coefficients) instead of Annex K.3's. */
  readonly optimizeHuffman: boolean;
}

/** Quantised coefficients of every block in coding order, and which table set (0 luma, 1 chroma) each uses. */
interface Coefficients {
  readonly blocks: Int16Array;
  /** Component of each block in coding order: index into the frame's component list. */
  readonly component: Uint8Array;
}

export function encodeBaselineJpeg(r: Raster, o: JpegEncodeOptions): Uint8Array<ArrayBuffer> {
  const tables = [quantTable('luma', o.quality), quantTable('chroma', o.quality)];
  const coefs = o.grey ? greyCoefficients(r, reciprocals(tables[0]!)) : colourCoefficients(r, tables.map(reciprocals));
  const nComp = o.grey ? 1 : 3;
  const specs = o.optimizeHuffman ? optimalSpecs(coefs, nComp) : standardSpecs(nComp);
  const writer = new BitWriter(Math.ceil(r.width * r.height * (o.grey ? 0.3 : 0.5)));
  entropyCode(coefs, nComp, specs.map((s) => ({ dc: huffmanCodes(s.dc), ac: huffmanCodes(s.ac) })), writer);
  const scan = writer.finish();
  const head = headers(r.width, r.height, o.grey ? tables.slice(0, 1) : tables, specs);
  const out = new Uint8Array(head.length + scan.length + 2);
  out.set(head);
  out.set(scan, head.length);
  out.set([0xff, 0xd9], head.length + scan.length);
  return out;
}

function colourCoefficients(r: Raster, recip: readonly Float64Array[]): Coefficients {
  const mcusX = Math.ceil(r.width / 16);
  const mcusY = Math.ceil(r.height / 16);
  const blocks = new Int16Array(mcusX * mcusY * 6 * 64);
  const component = new Uint8Array(mcusX * mcusY * 6);
  const y: Strip = { data: new Float32Array(mcusX * 16 * 16), width: mcusX * 16 };
  const cb: Strip = { data: new Float32Array(mcusX * 8 * 8), width: mcusX * 8 };
  const cr: Strip = { data: new Float32Array(mcusX * 8 * 8), width: mcusX * 8 };
  const cols = columnOffsets(r.width, mcusX * 16);
  const block = new Float64Array(64);
  let n = 0;
  const code = (s: Strip, bx: number, by: number, c: number) => {
    loadBlock(s, bx, by, block);
    fdct(block);
    quantize(block, recip[c === 0 ? 0 : 1]!, blocks, n * 64);
    component[n++] = c;
  };
  for (let my = 0; my < mcusY; my++) {
    colourStrips(r, my, cols, y, cb, cr);
    for (let mx = 0; mx < mcusX; mx++) {
      // T.81 §A.2.3: an MCU holds the 2×2 luma blocks in raster order, then one Cb and one Cr block.
      code(y, 2 * mx, 0, 0);
      code(y, 2 * mx + 1, 0, 0);
      code(y, 2 * mx, 1, 0);
      code(y, 2 * mx + 1, 1, 0);
      code(cb, mx, 0, 1);
      code(cr, mx, 0, 2);
    }
  }
  return { blocks, component };
}

function greyCoefficients(r: Raster, recip: Float64Array): Coefficients {
  const bw = Math.ceil(r.width / 8);
  const bh = Math.ceil(r.height / 8);
  const blocks = new Int16Array(bw * bh * 64);
  const g: Strip = { data: new Float32Array(bw * 8 * 8), width: bw * 8 };
  const cols = columnOffsets(r.width, bw * 8);
  const block = new Float64Array(64);
  let n = 0;
  for (let by = 0; by < bh; by++) {
    greyStrip(r, by, cols, g);
    for (let bx = 0; bx < bw; bx++) {
      loadBlock(g, bx, 0, block);
      fdct(block);
      quantize(block, recip, blocks, 64 * n++);
    }
  }
  return { blocks, component: new Uint8Array(bw * bh) };
}

/** Bits needed for |v| (T.81 §F.1.2.1.1: the magnitude category SSSS). */
const category = (v: number): number => 32 - Math.clz32(v < 0 ? -v : v);

interface TableSet {
  readonly dc: HuffmanCodes;
  readonly ac: HuffmanCodes;
}

/**
 * T.81 §F.1.2: each block's DC difference from the previous block of its component, then the AC
 * coefficients as (run of zeros, size) symbols with ZRL (0xF0) for 16 zeros and EOB (0x00) for the rest.
 * Component 0 uses table set 0 (luma), the others set 1. countSymbols walks the same way without writing;
 * the two are kept as separate straight loops because this is the encoder's hottest code.
 */
function entropyCode(coefs: Coefficients, nComp: number, sets: readonly TableSet[], w: BitWriter): void {
  const pred = new Int32Array(nComp);
  const { blocks, component } = coefs;
  for (let b = 0, at = 0; b < component.length; b++, at += 64) {
    // A block codes to at most 64 symbols of ≤ 27 bits, doubled by byte stuffing in the worst case.
    w.reserve(512);
    const c = component[b]!;
    const { dc, ac } = sets[c === 0 ? 0 : 1]!;
    const diff = blocks[at]! - pred[c]!;
    pred[c] = blocks[at]!;
    const s = category(diff);
    w.write(dc.code[s]!, dc.size[s]!);
    if (s > 0) w.write(diff < 0 ? diff - 1 : diff, s);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const v = blocks[at + k]!;
      if (v === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) w.write(ac.code[0xf0]!, ac.size[0xf0]!);
      const size = category(v);
      const symbol = (run << 4) | size;
      w.write(ac.code[symbol]!, ac.size[symbol]!);
      w.write(v < 0 ? v - 1 : v, size);
      run = 0;
    }
    if (run > 0) w.write(ac.code[0]!, ac.size[0]!);
  }
}

/** Symbol counts per table (set 0 DC, set 0 AC, set 1 DC, set 1 AC), walking as entropyCode does. */
function countSymbols(coefs: Coefficients, nComp: number): Float64Array[] {
  const counts = Array.from({ length: nComp === 1 ? 2 : 4 }, () => new Float64Array(256));
  const pred = new Int32Array(nComp);
  const { blocks, component } = coefs;
  for (let b = 0, at = 0; b < component.length; b++, at += 64) {
    const c = component[b]!;
    const dc = counts[c === 0 ? 0 : 2]!;
    const ac = counts[c === 0 ? 1 : 3]!;
    dc[category(blocks[at]! - pred[c]!)]!++;
    pred[c] = blocks[at]!;
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const v = blocks[at + k]!;
      if (v === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) ac[0xf0]!++;
      ac[(run << 4) | category(v)]!++;
      run = 0;
    }
    if (run > 0) ac[0]!++;
  }
  return counts;
}

interface SpecSet {
  readonly dc: HuffmanSpec;
  readonly ac: HuffmanSpec;
}

function standardSpecs(nComp: number): SpecSet[] {
  const luma = { dc: DC_LUMA, ac: AC_LUMA };
  return nComp === 1 ? [luma] : [luma, { dc: DC_CHROMA, ac: AC_CHROMA }];
}

function optimalSpecs(coefs: Coefficients, nComp: number): SpecSet[] {
  const counts = countSymbols(coefs, nComp);
  return Array.from({ length: counts.length / 2 }, (_, s) => ({ dc: optimalSpec(counts[2 * s]!), ac: optimalSpec(counts[2 * s + 1]!) }));
}
