/**
 * Undoes TIFF Predictor 2, horizontal differencing (TIFF 6.0 §14): each 8-bit sample was stored as the
 * difference from the same sample of the pixel to its left, restarting at every row. Returns a new array.
 */
export function undoHorizontalDifferencing(
  stored: Uint8Array,
  width: number,
  height: number,
  samplesPerPixel: number
): Uint8Array {
  const out = Uint8Array.from(stored);
  const rowBytes = width * samplesPerPixel;
  const rows = Math.min(height, Math.floor(out.length / rowBytes));
  for (let y = 0; y < rows; y++) {
    const row = y * rowBytes;
    for (let i = row + samplesPerPixel; i < row + rowBytes; i++) {
      out[i] = (out[i]! + out[i - samplesPerPixel]!) & 0xff;
    }
  }
  return out;
}
