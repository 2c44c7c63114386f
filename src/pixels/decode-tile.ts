/**
 * One stored tile's bytes → an RGBA raster of the full tile size, by the level's Compression
 * (TIFF 6.0 §15): JPEG tiles are spliced with the level's JPEGTables and decoded with mozjpeg; deflate
 * tiles are inflated and Predictor 2 undone (TIFF 6.0 §14); uncompressed tiles are used as they are.
 */
import { UnsupportedSource } from '../errors';
import { spliceJpeg } from '../tiff/jpeg';
import type { PyramidLevel } from '../tiff/pyramid';
import { decodeJpeg } from './codecs';
import { inflate } from './inflate';
import { undoHorizontalDifferencing } from './predictor';
import type { Raster } from './raster';
import { samplesToRgba } from './samples';

export async function decodeTile(level: PyramidLevel, stored: Uint8Array): Promise<Raster> {
  switch (level.compression) {
    case 'jpeg':
      return decodeJpeg(spliceJpeg(level.jpegTables, stored, level.photometric === 'rgb'));
    case 'deflate':
      return unpack(level, await inflate(stored));
    case 'none':
      return unpack(level, stored);
    default:
      throw new UnsupportedSource(`tile compression ${String(level.compression)} is not served`);
  }
}

function unpack(level: PyramidLevel, samples: Uint8Array): Raster {
  const { tileWidth: w, tileHeight: h, samplesPerPixel: spp } = level;
  if (level.predictor !== 1 && level.predictor !== 2) {
    throw new UnsupportedSource(`TIFF Predictor ${level.predictor} is not served (1 or 2 only)`);
  }
  const undone = level.predictor === 2 ? undoHorizontalDifferencing(samples, w, h, spp) : samples;
  return samplesToRgba(undone, w, h, spp);
}
