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

/** BT.709 relative luminance of an sRGB colour, sRGB-encoded to a byte. */
export function luminance(r: number, g: number, b: number): number {
  const y = 0.2126 * TO_LINEAR[r]! + 0.7152 * TO_LINEAR[g]! + 0.0722 * TO_LINEAR[b]!;
  return encodeTable()[Math.round(y * 65535)]!;
}

function mapGrey(input: Raster, tone: (grey: number) => number): Raster {
  const src = input.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 4) {
    const v = tone(luminance(src[i]!, src[i + 1]!, src[i + 2]!));
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = src[i + 3]!;
  }
  return raster(input.width, input.height, out);
}

export function toGray(input: Raster): Raster {
  return mapGrey(input, (v) => v);
}

export function toBitonal(input: Raster): Raster {
  return mapGrey(input, (v) => (v >= BITONAL_THRESHOLD ? 255 : 0));
}

/** Applies a resolved quality (Image API 3.0 §4.5); `color` leaves the raster as it is. */
export function applyQuality(input: Raster, quality: 'color' | 'gray' | 'bitonal'): Raster {
  if (quality === 'gray') return toGray(input);
  if (quality === 'bitonal') return toBitonal(input);
  return input;
}
