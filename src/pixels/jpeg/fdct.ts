/**
 * Forward 8×8 DCT and quantisation for the JPEG encoder. The DCT is the Arai–Agui–Nakajima factorisation
 * (5 multiplications per 1-D pass; Pennebaker & Mitchell, "JPEG", §4.3.5), whose outputs are the true
 * DCT-II coefficients (T.81 §A.3.3) times 8·s(u)·s(v) with s(0) = 1, s(k) = √2·cos(kπ/16). That scale is
 * folded into the quantiser's reciprocals, so quantising costs one multiplication per coefficient.
 */
import { ZIGZAG } from './tables';

const AAN_SCALE = Float64Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : Math.SQRT2 * Math.cos((k * Math.PI) / 16)));

/**
 * Multipliers that turn AAN outputs into quantised values, indexed in zig-zag order (the order blocks are
 * coded in): 1 / (8 · s(u) · s(v) · Q[u][v]). `table` is in natural order.
 */
export function reciprocals(table: Uint8Array): Float64Array {
  const out = new Float64Array(64);
  for (let k = 0; k < 64; k++) {
    const n = ZIGZAG[k]!;
    out[k] = 1 / (8 * AAN_SCALE[n >> 3]! * AAN_SCALE[n & 7]! * table[n]!);
  }
  return out;
}

/**
 * In-place 2-D forward DCT of 64 level-shifted samples (natural order), rows then columns. One long
 * function on purpose: it is the encoder's innermost loop.
 */
export function fdct(d: Float64Array): void {
  for (let p = 0; p < 64; p += 8) pass(d, p, 1);
  for (let p = 0; p < 8; p++) pass(d, p, 8);
}

function pass(d: Float64Array, o: number, s: number): void {
  const d0 = d[o]!, d1 = d[o + s]!, d2 = d[o + 2 * s]!, d3 = d[o + 3 * s]!;
  const d4 = d[o + 4 * s]!, d5 = d[o + 5 * s]!, d6 = d[o + 6 * s]!, d7 = d[o + 7 * s]!;
  const t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
  const t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
  // Even part.
  const e10 = t0 + t3, e13 = t0 - t3, e11 = t1 + t2, e12 = t1 - t2;
  d[o] = e10 + e11;
  d[o + 4 * s] = e10 - e11;
  const z1 = (e12 + e13) * 0.7071067811865476;
  d[o + 2 * s] = e13 + z1;
  d[o + 6 * s] = e13 - z1;
  // Odd part.
  const o10 = t4 + t5, o11 = t5 + t6, o12 = t6 + t7;
  const z5 = (o10 - o12) * 0.3826834323650898;
  const z2 = 0.5411961001461971 * o10 + z5;
  const z4 = 1.3065629648763766 * o12 + z5;
  const z3 = o11 * 0.7071067811865476;
  const z11 = t7 + z3, z13 = t7 - z3;
  d[o + 5 * s] = z13 + z2;
  d[o + 3 * s] = z13 - z2;
  d[o + s] = z11 + z4;
  d[o + 7 * s] = z11 - z4;
}

/**
 * Quantises a transformed block into `out` in zig-zag order, rounding to nearest with halves up, as
 * libjpeg's float quantiser does (jcdctmgr.c: offset by 16384.5, truncate, subtract 16384; quantised
 * values stay within ±2047 for 8-bit samples, T.81 §F.1.2.1).
 */
export function quantize(d: Float64Array, recip: Float64Array, out: Int16Array, at: number): void {
  for (let k = 0; k < 64; k++) out[at + k] = ((d[ZIGZAG[k]!]! * recip[k]! + 16384.5) | 0) - 16384;
}
