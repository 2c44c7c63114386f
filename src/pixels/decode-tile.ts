/**
 * One stored tile's bytes → an RGBA raster of the full tile size, by the level's Compression
 * (TIFF 6.0 §15): JPEG tiles are spliced with the level's JPEGTables and decoded with mozjpeg; deflate
 * tiles are inflated and Predictor 2 undone (TIFF 6.0 §14); uncompressed tiles are used as they are.
 *
 * A tile's bytes are the file's word, not the level's: before any decoder allocates, the JPEG frame header
 * (ITU T.81 §B.2.2) must state the level's tile size and band count, and deflate output is capped at the
 * tile's size. A WASM heap grows to the largest frame it ever decoded and keeps that for the isolate's life,
 * so one lying tile must not reach it.
 */
import { BrokenSource, UnsupportedSource } from '../errors';
import { hasCodingTables, jpegFrame, spliceJpeg } from '../tiff/jpeg';
import type { PyramidLevel } from '../tiff/pyramid';
import { decodeJpeg } from './codecs';
import { inflate } from './inflate';
import { undoHorizontalDifferencing } from './predictor';
import type { Raster } from './raster';
import { samplesToRgba } from './samples';

export async function decodeTile(level: PyramidLevel, stored: Uint8Array): Promise<Raster> {
  switch (level.compression) {
    case 'jpeg':
      return decodeJpegTile(level, stored);
    case 'deflate':
      return unpack(level, await inflate(stored, level.tileWidth * level.tileHeight * level.samplesPerPixel));
    case 'none':
      return unpack(level, stored);
    default:
      throw new UnsupportedSource(`tile compression ${String(level.compression)} is not served`);
  }
}

async function decodeJpegTile(level: PyramidLevel, stored: Uint8Array): Promise<Raster> {
  let jpeg: Uint8Array<ArrayBuffer>;
  let frame: { width: number; height: number; components: number };
  try {
    jpeg = spliceJpeg(level.jpegTables, stored, level.photometric === 'rgb');
    frame = jpegFrame(jpeg);
  } catch (err) {
    throw new BrokenSource(`JPEG tile of IFD ${level.ifd} is not a JPEG stream: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!hasCodingTables(jpeg)) throw new BrokenSource(`JPEG tile of IFD ${level.ifd} has no quantisation or Huffman tables (JPEGTables missing?)`);
  const components = level.samplesPerPixel === 1 ? 1 : 3;
  if (frame.width !== level.tileWidth || frame.height !== level.tileHeight || frame.components !== components) {
    throw new BrokenSource(
      `JPEG tile of IFD ${level.ifd} is ${frame.width}×${frame.height} with ${frame.components} components; the level's tiles are ${level.tileWidth}×${level.tileHeight} with ${components}`,
    );
  }
  try {
    return await decodeJpeg(jpeg);
  } catch (err) {
    throw new BrokenSource(`JPEG tile of IFD ${level.ifd} does not decode: ${err instanceof Error ? err.message : String(err)}`);
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
