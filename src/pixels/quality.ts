/**
 * Image API 3.0 §4.5 qualities `gray` and `bitonal`.
 *
 * Grey is the luminance of ITU-R BT.709 primaries (the sRGB primaries, IEC 61966-2-1) computed in linear
 * light and encoded back with the sRGB curve: Y = 0.2126 R + 0.7152 G + 0.0722 B on linearised values.
 * This is what libvips does for `colourspace b-w` (sRGB → scRGB → B_W), so output matches sharp's
 * `.greyscale()` within rounding; measured with sharp 0.35.5 / libvips 8.18: red 127, green 220, blue 76.
 * BT.601 luma on gamma-encoded values (76, 150, 29) would darken saturated colours against that reference.
 *
 * Bitonal thresholds that grey at the middle of the encoded range: grey ≥ 128 is white, below is black.
 * No dithering, so text and line art stay crisp (the use the quality exists for) and output is stable.
 */
import { raster, type Raster } from './raster';

/** Grey value (0–255) at or above which a bitonal pixel is white. */
export const BITONAL_THRESHOLD = 128;

/** sRGB-encoded byte → linear light (IEC 61966-2-1 §5.2). */
const TO_LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** Linear light in 1/65535 steps → sRGB-encoded byte, rounded; built on first use (64 KiB). */
let fromLinear: Uint8Array | null = null;
function encodeTable(): Uint8Array {
  if (fromLinear === null) {
    fromLinear = Uint8Array.from({ length: 65536 }, (_, i) => {
      const l = i / 65535;
      const c = l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055;
      return Math.round(c * 255);
    });
  }
  return fromLinear;
}

/**
 * Per-channel BT.709 weights times linear light, in 1/(65535·256) steps, so a pixel's luminance index
 * into the encode table is three lookups and an add (the float formula cost 14 ms per 1024×768 in
 * workerd; docs/LIMITS.md). The fixed-point sum differs from the float one by under 0.01 of a table step.
 */
const FIXED_BITS = 8;
const FIXED = 1 << FIXED_BITS;
const weighted = (k: number) => Int32Array.from(TO_LINEAR, (l) => Math.round(k * l * 65535 * FIXED));
const LUM_R = weighted(0.2126);
const LUM_G = weighted(0.7152);
const LUM_B = weighted(0.0722);

/** BT.709 relative luminance of an sRGB colour, sRGB-encoded to a byte. */
export function luminance(r: number, g: number, b: number): number {
  return encodeTable()[(LUM_R[r]! + LUM_G[g]! + LUM_B[b]! + FIXED / 2) >> FIXED_BITS]!;
}

function mapGrey(input: Raster, tone: Uint8Array): Raster {
  const src = input.data;
  const out = new Uint8Array(src.length);
  const enc = encodeTable();
  for (let i = 0; i < src.length; i += 4) {
    const v = tone[enc[(LUM_R[src[i]!]! + LUM_G[src[i + 1]!]! + LUM_B[src[i + 2]!]! + FIXED / 2) >> FIXED_BITS]!]!;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = src[i + 3]!;
  }
  return raster(input.width, input.height, out);
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v);
const THRESHOLD = Uint8Array.from({ length: 256 }, (_, v) => (v >= BITONAL_THRESHOLD ? 255 : 0));

export function toGray(input: Raster): Raster {
  return mapGrey(input, IDENTITY);
}

export function toBitonal(input: Raster): Raster {
  return mapGrey(input, THRESHOLD);
}

/** Applies a resolved quality (Image API 3.0 §4.5); `color` leaves the raster as it is. */
export function applyQuality(input: Raster, quality: 'color' | 'gray' | 'bitonal'): Raster {
  if (quality === 'gray') return toGray(input);
  if (quality === 'bitonal') return toBitonal(input);
  return input;
}
