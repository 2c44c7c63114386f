/** Tiny rasters for the pixel tests: each pixel's colour encodes its position, so moves are visible. */
import { raster, type Raster } from '../../../src/pixels/raster';

/** A w×h raster whose pixel (x, y) is (x, y, 10·x + y, 255). */
export function positional(w: number, h: number): Raster {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set([x, y, 10 * x + y, 255], (y * w + x) * 4);
  }
  return raster(w, h, data);
}

/** The RGBA of pixel (x, y). */
export function px(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
}

/** The source position encoded by `positional` at output pixel (x, y). */
export function origin(r: Raster, x: number, y: number): [number, number] {
  const [sx, sy] = px(r, x, y);
  return [sx!, sy!];
}
