/**
 * The one set of JPEG encoder settings for pyramid tiles. Baseline, fixed quality, standard (not
 * optimised) Huffman tables and no mozjpeg extras, so every tile of a level is encoded with byte-identical
 * DQT/DHT segments that can be shared through JPEGTables (checked per tile in encode-level.ts).
 */
import type { JpegOptions } from 'sharp';

export function tileJpegOptions(quality: number): JpegOptions {
  return {
    quality,
    chromaSubsampling: '4:2:0',
    progressive: false,
    optimiseCoding: false,
    mozjpeg: false,
    trellisQuantisation: false,
    overshootDeringing: false,
    optimiseScans: false,
    quantisationTable: 0,
  };
}
