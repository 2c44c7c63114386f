/**
 * TIFF Compression 8 (Adobe Deflate, TIFF Technical Note: a zlib stream, RFC 1950) through the platform's
 * DecompressionStream, which Workers and Node both provide; no WASM needed. The output is bounded by what
 * the tile can hold: a stored tile is the file's word, and a few kilobytes of deflate can claim gigabytes
 * (a "zip bomb"), so inflation stops as soon as it passes `maxBytes` instead of being measured afterwards.
 */
import { BrokenSource } from '../errors';

export async function inflate(zlib: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([zlib as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const out = new Uint8Array(maxBytes);
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new BrokenSource(`deflate tile inflates past the ${maxBytes} bytes of its tile`);
      }
      out.set(value, filled);
      filled += value.length;
    }
  } catch (err) {
    if (err instanceof BrokenSource) throw err;
    throw new BrokenSource(`deflate tile does not inflate: ${err instanceof Error ? err.message : String(err)}`);
  }
  return out.subarray(0, filled);
}
