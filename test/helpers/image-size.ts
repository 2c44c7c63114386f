/**
 * The pixel size of a response body read from its header bytes alone, without decoding (so the tests that
 * check sizes share nothing with the codecs that made them): JPEG and PNG through the benchmark's reader
 * (scripts/bench/image-header.ts), WebP here from its RIFF chunks (WebP Container Specification: the
 * `VP8 ` frame header of RFC 6386 §9.1, the `VP8L` header of the lossless bitstream spec §3.1, or the
 * canvas size of `VP8X`).
 */
import { imageHeader } from '../../scripts/bench/image-header';

export interface PixelSize {
  readonly format: 'jpeg' | 'png' | 'webp';
  readonly width: number;
  readonly height: number;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

function webpSize(b: Uint8Array): PixelSize | null {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null;
  const chunk = ascii(b, 12, 4);
  const u16 = (at: number) => b[at]! | (b[at + 1]! << 8);
  const u24 = (at: number) => u16(at) | (b[at + 2]! << 16);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height (2 scale bits each).
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { format: 'webp', width: u16(26) & 0x3fff, height: u16(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Signature 0x2f, then width-1 and height-1 as two 14-bit fields, little-endian bit order.
    if (b[20] !== 0x2f) return null;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { format: 'webp', width: u24(24) + 1, height: u24(27) + 1 };
  return null;
}

/** The size a JPEG, PNG or WebP body declares, or null when it is none of them. */
export function pixelSize(body: Uint8Array): PixelSize | null {
  const header = imageHeader(body);
  if (header !== null) return { format: header.format, width: header.width, height: header.height };
  return webpSize(body);
}
