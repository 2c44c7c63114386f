/**
 * Cuts one tile out of a strip of raw pixel rows. Edge tiles are padded to the full tile size (TIFF 6.0
 * §15 requires whole tiles) by repeating the last column and row, which keeps JPEG blocks and chroma
 * subsampling at the image edge free of ringing against an arbitrary fill colour.
 */

export interface Strip {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** The tile whose left edge is at column `x0` of the strip, `size` × `size` pixels. */
export function cutTile(strip: Strip, x0: number, size: number): Buffer {
  const ch = strip.channels;
  const tile = Buffer.allocUnsafe(size * size * ch);
  const w = Math.min(size, strip.width - x0);
  const rows = Math.min(size, strip.height);
  const rowBytes = size * ch;
  for (let y = 0; y < rows; y++) {
    const from = (y * strip.width + x0) * ch;
    const dst = y * rowBytes;
    strip.data.copy(tile, dst, from, from + w * ch);
    const last = dst + (w - 1) * ch;
    for (let x = w; x < size; x++) tile.copyWithin(dst + x * ch, last, last + ch);
  }
  const lastRow = (rows - 1) * rowBytes;
  for (let y = rows; y < size; y++) tile.copyWithin(y * rowBytes, lastRow, lastRow + rowBytes);
  return tile;
}
