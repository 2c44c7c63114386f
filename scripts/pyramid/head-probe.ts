/**
 * Reads IFD 0's ImageDescription from the first bytes of a TIFF (a head read of an existing output), to
 * find its provenance record without downloading the file. Handles classic and BigTIFF, either byte
 * order; returns null when the head is not a TIFF or does not reach the description.
 */

const IMAGE_DESCRIPTION = 270;

export function readDescription(head: Uint8Array): string | null {
  if (head.length < 16) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const order = String.fromCharCode(head[0]!, head[1]!);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const magic = view.getUint16(2, le);
  const big = magic === 43;
  if (!big && magic !== 42) return null;
  const num = (at: number): number => (big ? Number(view.getBigUint64(at, le)) : view.getUint32(at, le));
  const ifd = num(big ? 8 : 4);
  const entrySize = big ? 20 : 12;
  const countSize = big ? 8 : 2;
  if (ifd + countSize > head.length) return null;
  const count = big ? Number(view.getBigUint64(ifd, le)) : view.getUint16(ifd, le);
  for (let k = 0; k < count; k++) {
    const at = ifd + countSize + k * entrySize;
    if (at + entrySize > head.length) return null;
    if (view.getUint16(at, le) !== IMAGE_DESCRIPTION) continue;
    const n = num(at + 4);
    const valueAt = n <= (big ? 8 : 4) ? at + (big ? 12 : 8) : num(at + (big ? 12 : 8));
    if (valueAt + n > head.length) return null;
    return new TextDecoder('latin1').decode(head.subarray(valueAt, valueAt + n)).replace(/\0+$/, '');
  }
  return null;
}
