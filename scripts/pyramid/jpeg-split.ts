/**
 * Turns a complete baseline JPEG (as sharp encodes one tile) into the two parts a TIFF JPEG pyramid
 * stores (TIFF Technical Note 2, Compression 7): the tables (SOI, DQT…, DHT…, EOI) for the level's
 * JPEGTables tag, and an abbreviated tile stream (SOI, SOF, [DRI], SOS, scan, EOI). APPn and COM segments
 * are dropped: the TIFF tags say what the samples are (ITU T.81 §B.2.4 for the marker order).
 */
import { concatBytes } from '../../src/util/bytes';

const MARKER = {
  SOI: 0xd8,
  EOI: 0xd9,
  SOF0: 0xc0,
  DHT: 0xc4,
  DQT: 0xdb,
  DRI: 0xdd,
  SOS: 0xda,
  COM: 0xfe,
} as const;

/** What happens to each segment before the scan; anything not listed is refused. */
function roleOf(code: number): 'tables' | 'tile' | 'drop' | null {
  if (code === MARKER.DQT || code === MARKER.DHT) return 'tables';
  if (code === MARKER.SOF0 || code === MARKER.DRI) return 'tile';
  if ((code >= 0xe0 && code <= 0xef) || code === MARKER.COM) return 'drop';
  return null;
}

export interface SplitJpeg {
  readonly tables: Uint8Array;
  readonly tile: Uint8Array;
}

export function splitJpeg(jpeg: Uint8Array): SplitJpeg {
  if (jpeg[0] !== 0xff || jpeg[1] !== MARKER.SOI) throw new Error('JPEG does not start with SOI');
  const tables: Uint8Array[] = [];
  const tile: Uint8Array[] = [];
  let i = 2;
  for (;;) {
    if (i + 4 > jpeg.length || jpeg[i] !== 0xff) throw new Error(`JPEG: expected a marker at byte ${i}`);
    const code = jpeg[i + 1]!;
    if (code === MARKER.SOS) break;
    const end = i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
    const role = roleOf(code);
    if (role === null) {
      throw new Error(`JPEG marker 0x${code.toString(16)} not allowed in a baseline pyramid tile`);
    }
    if (role === 'tables') tables.push(jpeg.subarray(i, end));
    if (role === 'tile') tile.push(jpeg.subarray(i, end));
    i = end;
  }
  if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== MARKER.EOI) {
    throw new Error('JPEG does not end with EOI');
  }
  return {
    tables: concatBytes([SOI_BYTES, ...tables, EOI_BYTES]),
    tile: concatBytes([SOI_BYTES, ...tile, jpeg.subarray(i)]),
  };
}

const SOI_BYTES = new Uint8Array([0xff, MARKER.SOI]);
const EOI_BYTES = new Uint8Array([0xff, MARKER.EOI]);


/** Byte equality, for checking that every tile of a level really shares one set of tables. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
