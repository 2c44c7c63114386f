/**
 * JPEG tile splicing: a TIFF JPEG tile (TIFF 6.0 Technical Note 2, Compression 7) is an abbreviated
 * stream whose quantisation and Huffman tables live in the level's JPEGTables tag. A standalone JPEG is
 * SOI + the tables' segments (without their SOI/EOI) + the tile without its SOI. Pure byte work.
 */

const SOI = 0xd8;
const EOI = 0xd9;

function isMarker(bytes: Uint8Array, at: number, code: number): boolean {
  return bytes[at] === 0xff && bytes[at + 1] === code;
}

/**
 * Joins JPEGTables and a tile into a complete JPEG. With no tables (tiles that carry their own), the tile
 * is returned unchanged. Adds an Adobe APP14 marker with transform 0 when the samples are RGB rather than
 * YCbCr, so no decoder converts them again (Adobe's transform=1 on RGB samples makes decoders convert
 * YCbCr→RGB a second time and shifts the colours).
 */
export function spliceJpeg(tables: Uint8Array | null, tile: Uint8Array, rgb = false): Uint8Array<ArrayBuffer> {
  if (!isMarker(tile, 0, SOI)) throw new Error('JPEG tile does not start with SOI');
  const tableBody =
    tables && tables.length >= 4 && isMarker(tables, 0, SOI)
      ? tables.subarray(2, isMarker(tables, tables.length - 2, EOI) ? tables.length - 2 : tables.length)
      : new Uint8Array(0);
  const app14 = rgb ? ADOBE_APP14_TRANSFORM_0 : new Uint8Array(0);
  const out = new Uint8Array(2 + app14.length + tableBody.length + tile.length - 2);
  out[0] = 0xff;
  out[1] = SOI;
  out.set(app14, 2);
  out.set(tableBody, 2 + app14.length);
  out.set(tile.subarray(2), 2 + app14.length + tableBody.length);
  return out;
}

/** APP14 "Adobe": version 100, flags 0, 0, transform 0 (no colour transform: samples are RGB). */
const ADOBE_APP14_TRANSFORM_0 = new Uint8Array([
  0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
]);

/** Finds the first SOFn segment (baseline, extended, progressive, lossless; not DHT/JPG/DAC). */
export function findSof(jpeg: Uint8Array): number {
  let i = 2;
  while (i + 4 <= jpeg.length) {
    if (jpeg[i] !== 0xff) throw new Error(`JPEG: expected a marker at byte ${i}`);
    const code = jpeg[i + 1]!;
    if (code === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc) return i;
    if (code === 0xda || code === EOI) break;
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    i += 2 + len;
  }
  throw new Error('JPEG: no SOF marker before the scan');
}

/**
 * Whether the stream defines quantisation (DQT) and Huffman (DHT) tables before its scan (ITU T.81 §B.2.4).
 * A TIFF tile is abbreviated: without the level's JPEGTables it has neither, and no decoder can read it.
 */
export function hasCodingTables(jpeg: Uint8Array): boolean {
  let dqt = false;
  let dht = false;
  for (let i = 2; i + 4 <= jpeg.length; ) {
    if (jpeg[i] !== 0xff) return false;
    const code = jpeg[i + 1]!;
    if (code === 0xff) {
      i += 1;
      continue;
    }
    if (code === 0xdb) dqt = true;
    if (code === 0xc4) dht = true;
    if (code === 0xda || code === EOI) break;
    i += 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
  }
  return dqt && dht;
}

/** Reads the frame size from the SOF segment. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  const { width, height } = jpegFrame(jpeg);
  return { width, height };
}

/** The frame header (ITU T.81 §B.2.2): lines, samples per line and number of components. */
export function jpegFrame(jpeg: Uint8Array): { width: number; height: number; components: number } {
  const sof = findSof(jpeg);
  if (sof + 10 > jpeg.length) throw new Error('JPEG: frame header cut short');
  return { height: (jpeg[sof + 5]! << 8) | jpeg[sof + 6]!, width: (jpeg[sof + 7]! << 8) | jpeg[sof + 8]!, components: jpeg[sof + 9]! };
}

/**
 * Sets the frame height in place. Lowering the height of a padded bottom-edge tile crops it: the decoder
 * stops after the last needed MCU row (ITU T.81 §B.2.2, the number of lines). The kept rows decode as in
 * the padded tile, except that with 4:2:0 chroma a decoder's upsampling may treat the new last row a little
 * differently (it replicates the last chroma row at an image edge). Widths cannot be patched this way,
 * because the MCU count per row would change (right-edge tiles use the builder's exact copies instead).
 */
export function patchJpegHeight(jpeg: Uint8Array, height: number): void {
  if (height < 1 || height > 0xffff) throw new Error(`JPEG height out of range: ${height}`);
  const sof = findSof(jpeg);
  jpeg[sof + 5] = height >> 8;
  jpeg[sof + 6] = height & 0xff;
}
