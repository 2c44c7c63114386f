/**
 * The codecs behind plain functions over Raster: JPEG decoding, PNG and WebP encoding through @jsquash
 * (each call first ensures its own WASM module is initialised, wasm/*.ts, so a request pays only for the
 * codecs it uses); JPEG encoding and resampling in TypeScript (jpeg/encoder.ts, resample.ts: faster
 * than the WASM ones here and without a heap that never shrinks; docs/LIMITS.md). Nothing else in src/
 * imports @jsquash.
 */
import decodeJpegWasm from '@jsquash/jpeg/decode';
import encodePngWasm from '@jsquash/png/encode';
import encodeWebpWasm from '@jsquash/webp/encode';
import { ensureJpegDecoder } from '../../wasm/jpeg-decode';
import { ensurePng } from '../../wasm/png';
import { ensureWebpEncoder } from '../../wasm/webp-encode';
import { JPEG_SETTINGS, WEBP_SETTINGS } from './encode-settings';
import { encodeBaselineJpeg } from './jpeg/encoder';
import { raster, type Raster } from './raster';
import { resample } from './resample';

/**
 * jsquash takes and returns ImageData-shaped values (the packages polyfill ImageData in Workers). Some of
 * its glue reads `data.buffer` whole, ignoring the view's offset, so a view into a larger buffer is copied.
 */
function imageData(r: Raster): ImageData {
  const whole = r.data.byteOffset === 0 && r.data.length === r.data.buffer.byteLength;
  const bytes = whole ? r.data : r.data.slice();
  const data = new Uint8ClampedArray(bytes.buffer, 0, bytes.length);
  return { width: r.width, height: r.height, data };
}

export function fromImageData(d: ImageData): Raster {
  const bytes = new Uint8Array(d.data.buffer as ArrayBuffer, d.data.byteOffset, d.data.length);
  return raster(d.width, d.height, bytes);
}

export async function decodeJpeg(jpeg: Uint8Array<ArrayBuffer>): Promise<Raster> {
  await ensureJpegDecoder();
  const whole = jpeg.byteOffset === 0 && jpeg.length === jpeg.buffer.byteLength;
  return fromImageData(await decodeJpegWasm(whole ? jpeg.buffer : jpeg.slice().buffer));
}

/** Baseline JPEG; `gray` writes a one-component JPEG (the raster must already hold grey values). */
export async function encodeJpeg(r: Raster, gray: boolean): Promise<Uint8Array<ArrayBuffer>> {
  return encodeBaselineJpeg(r, { ...JPEG_SETTINGS, grey: gray });
}

export async function encodePng(r: Raster): Promise<Uint8Array<ArrayBuffer>> {
  await ensurePng();
  return new Uint8Array(await encodePngWasm(imageData(r)));
}

export async function encodeWebp(r: Raster): Promise<Uint8Array<ArrayBuffer>> {
  await ensureWebpEncoder();
  return new Uint8Array(await encodeWebpWasm(imageData(r), WEBP_SETTINGS));
}

/** Resamples to width × height (Lanczos-3, resample.ts); returns the input when the size already matches. */
export async function resize(r: Raster, width: number, height: number): Promise<Raster> {
  return resample(r, width, height);
}
