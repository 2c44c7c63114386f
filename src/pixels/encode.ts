/**
 * Encodes the finished raster in the requested format (Image API 3.0 §4.6) with the settings in
 * encode-settings.ts. Grey and bitonal JPEGs are written with one component: a third of the samples to
 * code, and what libvips writes for `colourspace b-w`.
 */
import type { Format } from '../iiif/types';
import { encodeJpeg, encodePng, encodeWebp } from './codecs';
import type { Raster } from './raster';

export const CONTENT_TYPES: Readonly<Record<Format, string>> = Object.freeze({
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
});

export async function encodeRaster(
  r: Raster,
  format: Format,
  grey: boolean,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'jpg':
      return { body: await encodeJpeg(r, grey), contentType };
    case 'png':
      return { body: await encodePng(r), contentType };
    case 'webp':
      return { body: await encodeWebp(r), contentType };
  }
}
