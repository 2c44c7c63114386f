/**
 * TIFF Compression 8 (Adobe Deflate, TIFF Technical Note: a zlib stream, RFC 1950) through the platform's
 * DecompressionStream, which Workers and Node both provide; no WASM needed.
 */
import { UnsupportedSource } from '../errors';

export async function inflate(zlib: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([zlib as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new UnsupportedSource(`deflate tile does not inflate: ${err instanceof Error ? err.message : err}`);
  }
}
