/**
 * RGBA raster → level-shifted 8×8 sample blocks for the JPEG encoder, one MCU row at a time (so only a
 * strip of 16 rows exists as floats). Colour: JFIF YCbCr (JFIF 1.02 §7, BT.601 full range), luma at full
 * resolution and chroma averaged over 2×2 pixels (4:2:0, what the builder's tiles use). Grey: the red
 * channel as the one component (the raster already holds grey values). Edges are filled by repeating the
 * last column and row (T.81 §A.2.4 leaves the fill to the encoder; repetition costs the fewest bits).
 */
import type { Raster } from '../raster';

/** One component's strip of 8 or 16 sample rows, `width` samples each (a multiple of 8), level-shifted. */
export interface Strip {
  readonly data: Float32Array;
  readonly width: number;
}

/** Byte offset of each padded column's source pixel, repeating the last column. */
export function columnOffsets(width: number, padded: number): Int32Array {
  return Int32Array.from({ length: padded }, (_, x) => Math.min(x, width - 1) * 4);
}

/** Fills luma (16 rows) and both chroma strips (8 rows) of MCU row `mcuRow`. */
export function colourStrips(r: Raster, mcuRow: number, cols: Int32Array, y: Strip, cb: Strip, cr: Strip): void {
  const src = r.data;
  const pw = y.width;
  const cw = cb.width;
  for (let j = 0; j < 8; j++) {
    const row0 = Math.min(mcuRow * 16 + 2 * j, r.height - 1) * r.width * 4;
    const row1 = Math.min(mcuRow * 16 + 2 * j + 1, r.height - 1) * r.width * 4;
    const y0 = 2 * j * pw;
    const y1 = y0 + pw;
    for (let i = 0; i < cw; i++) {
      const a = row0 + cols[2 * i]!, b = row0 + cols[2 * i + 1]!, c = row1 + cols[2 * i]!, d = row1 + cols[2 * i + 1]!;
      const ra = src[a]!, ga = src[a + 1]!, ba = src[a + 2]!;
      const rb = src[b]!, gb = src[b + 1]!, bb = src[b + 2]!;
      const rc = src[c]!, gc = src[c + 1]!, bc = src[c + 2]!;
      const rd = src[d]!, gd = src[d + 1]!, bd = src[d + 2]!;
      y.data[y0 + 2 * i] = 0.299 * ra + 0.587 * ga + 0.114 * ba - 128;
      y.data[y0 + 2 * i + 1] = 0.299 * rb + 0.587 * gb + 0.114 * bb - 128;
      y.data[y1 + 2 * i] = 0.299 * rc + 0.587 * gc + 0.114 * bc - 128;
      y.data[y1 + 2 * i + 1] = 0.299 * rd + 0.587 * gd + 0.114 * bd - 128;
      const rs = ra + rb + rc + rd, gs = ga + gb + gc + gd, bs = ba + bb + bc + bd;
      cb.data[j * cw + i] = (-0.168735892 * rs - 0.331264108 * gs + 0.5 * bs) * 0.25;
      cr.data[j * cw + i] = (0.5 * rs - 0.418687589 * gs - 0.081312411 * bs) * 0.25;
    }
  }
}

/** Fills the grey strip (8 rows) of block row `blockRow`. */
export function greyStrip(r: Raster, blockRow: number, cols: Int32Array, g: Strip): void {
  const src = r.data;
  for (let j = 0; j < 8; j++) {
    const row = Math.min(blockRow * 8 + j, r.height - 1) * r.width * 4;
    const o = j * g.width;
    for (let i = 0; i < g.width; i++) g.data[o + i] = src[row + cols[i]!]! - 128;
  }
}

/** Copies the 8×8 block at block column `bx`, block row `by` of a strip into `block` (natural order). */
export function loadBlock(s: Strip, bx: number, by: number, block: Float64Array): void {
  let o = by * 8 * s.width + bx * 8;
  for (let j = 0; j < 64; j += 8, o += s.width) {
    for (let i = 0; i < 8; i++) block[j + i] = s.data[o + i]!;
  }
}
