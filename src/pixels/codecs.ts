/**
 * The @jsquash codecs behind plain functions over Raster. Each call first ensures its own WASM module is
 * initialised (wasm/*.ts), so a request pays only for the codecs it uses. Nothing else in src/ imports
 * @jsquash.
 */
import decodeJpegWasm from '@jsquash/jpeg/decode';
import encodeJpegWasm from '@jsquash/jpeg/encode';
import encodePngWasm from '@jsquash/png/encode';
import resizeWasm from '@jsquash/resize';
import encodeWebpWasm from '@jsquash/webp/encode';
import { ensureJpegDecoder } from '../../wasm/jpeg-decode';
import { ensureJpegEncoder } from '../../wasm/jpeg-encode';
import { ensurePng } from '../../wasm/png';
import { ensureResize } from '../../wasm/resize';
import { ensureWebpEncoder } from '../../wasm/webp-encode';
import { JPEG_GRAYSCALE, JPEG_SETTINGS, RESIZE_HEAP_BUDGET, RESIZE_SETTINGS, WEBP_SETTINGS } from './encode-settings';
import { resizeWithin } from './resize-banded';
import { raster, type Raster } from './raster';

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
  await ensureJpegEncoder();
  const options = gray ? { ...JPEG_SETTINGS, color_space: JPEG_GRAYSCALE } : JPEG_SETTINGS;
  return new Uint8Array(await encodeJpegWasm(imageData(r), options));
}

export async function encodePng(r: Raster): Promise<Uint8Array<ArrayBuffer>> {
  await ensurePng();
  return new Uint8Array(await encodePngWasm(imageData(r)));
}

export async function encodeWebp(r: Raster): Promise<Uint8Array<ArrayBuffer>> {
  await ensureWebpEncoder();
  return new Uint8Array(await encodeWebpWasm(imageData(r), WEBP_SETTINGS));
}

/** One squoosh resize call (RESIZE_SETTINGS), whatever its heap needs; `resize` is the bounded one. */
export async function resizeOnce(r: Raster, width: number, height: number): Promise<Raster> {
  await ensureResize();
  return fromImageData(await resizeWasm(imageData(r), { width, height, ...RESIZE_SETTINGS }));
}

/**
 * Resamples to width × height, keeping the resize module's heap within RESIZE_HEAP_BUDGET
 * (resize-banded.ts); returns the input when the size already matches.
 */
export function resize(r: Raster, width: number, height: number): Promise<Raster> {
  return resizeWithin(r, width, height, RESIZE_HEAP_BUDGET, resizeOnce);
}
