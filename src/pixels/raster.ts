/**
 * The pixel value every stage of the render pipeline passes on: 8-bit RGBA, row-major, no padding.
 * Stages return new rasters rather than changing their input, so each step can be tested alone.
 */

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, R G B A per pixel. */
  readonly data: Uint8Array<ArrayBuffer>;
}

export function raster(width: number, height: number, data?: Uint8Array<ArrayBuffer>): Raster {
  const bytes = data ?? new Uint8Array(width * height * 4);
  if (bytes.length !== width * height * 4) {
    throw new Error(`raster ${width}x${height} needs ${width * height * 4} bytes, got ${bytes.length}`);
  }
  return { width, height, data: bytes };
}

/** A raster filled with one opaque colour (white for sparse tiles, TIFF 6.0 §15 "TileByteCounts" of 0). */
export function solid(width: number, height: number, rgb: readonly [number, number, number]): Raster {
  const px = new Uint32Array(width * height);
  const bytes = new Uint8Array(px.buffer);
  bytes.set([rgb[0], rgb[1], rgb[2], 255]);
  px.fill(new Uint32Array(bytes.buffer, 0, 1)[0]!);
  return raster(width, height, bytes);
}
