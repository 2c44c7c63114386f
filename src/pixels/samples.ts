/**
 * Interleaved 8-bit samples (1 grey band or 3 RGB bands, as stored in uncompressed or deflate TIFF tiles)
 * to the pipeline's RGBA raster. TIFF 6.0 §2 (PlanarConfiguration 1: chunky) is the only layout served.
 */
import { BrokenSource, UnsupportedSource } from '../errors';
import { raster, type Raster } from './raster';

export function samplesToRgba(
  samples: Uint8Array,
  width: number,
  height: number,
  samplesPerPixel: number
): Raster {
  const n = width * height;
  if (samples.length < n * samplesPerPixel) {
    throw new BrokenSource(
      `tile holds ${samples.length} bytes, expected ${n * samplesPerPixel} (${width}x${height}x${samplesPerPixel})`
    );
  }
  const out = new Uint8Array(n * 4);
  if (samplesPerPixel === 1) {
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      const v = samples[i]!;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  } else if (samplesPerPixel === 3) {
    for (let i = 0, s = 0, o = 0; i < n; i++, s += 3, o += 4) {
      out[o] = samples[s]!;
      out[o + 1] = samples[s + 1]!;
      out[o + 2] = samples[s + 2]!;
      out[o + 3] = 255;
    }
  } else {
    throw new UnsupportedSource(`${samplesPerPixel} samples per pixel are not served (1 or 3 only)`);
  }
  return raster(width, height, out);
}
