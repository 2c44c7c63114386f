/**
 * Decoding of encoded derivatives, for tests and golden checks. The service itself never decodes PNG or
 * WebP, so this lives apart from codecs.ts and stays out of the Worker bundle unless imported.
 */
import decodePngWasm from '@jsquash/png/decode';
import decodeWebpWasm from '@jsquash/webp/decode';
import { ensurePng } from '../../wasm/png';
import { ensureWebpDecoder } from '../../wasm/webp-decode';
import { decodeJpeg, fromImageData } from './codecs';
import type { Raster } from './raster';

export async function decodeImage(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<Raster> {
  switch (contentType) {
    case 'image/jpeg':
      return decodeJpeg(bytes);
    case 'image/png':
      await ensurePng();
      return fromImageData(await decodePngWasm(bytes.slice().buffer));
    case 'image/webp':
      await ensureWebpDecoder();
      return fromImageData(await decodeWebpWasm(bytes.slice().buffer));
    default:
      throw new Error(`cannot decode ${contentType}`);
  }
}
