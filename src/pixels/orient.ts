/**
 * Mirroring and quarter-turn rotation (Image API 3.0 §4.4: the `!` mirror is applied first, about the
 * vertical axis, then the image is rotated clockwise). Other angles are refused by the planner, so only
 * 0/90/180/270 reach this file. Works on whole pixels (one Uint32 per RGBA pixel).
 */
import { BadRequest } from '../errors';
import { raster, type Raster } from './raster';

export function mirror(input: Raster): Raster {
  const { width, height } = input;
  const src = new Uint32Array(input.data.buffer, input.data.byteOffset, width * height);
  const dst = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) dst[row + x] = src[row + width - 1 - x]!;
  }
  return raster(width, height, new Uint8Array(dst.buffer));
}

/** Rotates clockwise by `degrees` (0, 90, 180 or 270). */
export function rotate(input: Raster, degrees: number): Raster {
  const { width: w, height: h } = input;
  if (degrees === 0) return input;
  const src = new Uint32Array(input.data.buffer, input.data.byteOffset, w * h);
  const dst = new Uint32Array(w * h);
  if (degrees === 180) {
    for (let i = 0, n = w * h; i < n; i++) dst[n - 1 - i] = src[i]!;
    return raster(w, h, new Uint8Array(dst.buffer));
  }
  if (degrees !== 90 && degrees !== 270) throw new BadRequest(`rotation ${degrees} is not supported`);
  // Output is h wide and w high. Clockwise 90: source (x, y) → (h - 1 - y, x); 270: → (y, w - 1 - x).
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const to = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      dst[to] = src[y * w + x]!;
    }
  }
  return raster(h, w, new Uint8Array(dst.buffer));
}

/** Image API 3.0 §4.4 order: mirror, then rotate. */
export function orient(input: Raster, mirrored: boolean, degrees: number): Raster {
  return rotate(mirrored ? mirror(input) : input, degrees);
}
