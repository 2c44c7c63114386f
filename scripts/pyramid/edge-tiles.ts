/**
 * Exact-size copies of right-edge tiles (docs/BUILDER.md "Edge tiles: why exact copies"). TIFF stores
 * edge tiles padded to the full tile size; a JPEG cannot be narrowed by patching its frame header (the
 * MCU count per row would change), so for every level whose width is not a multiple of the tile width the
 * builder stores, after all regular tile data, a lossless crop (jpeg-crop.ts) of the right-most tile of
 * each tile row to its real width and height, indexed by the private tags EdgeTileOffsets (65080) and
 * EdgeTileByteCounts (65081). Each copy is checked at build time against the padded tile decoded and
 * cropped: every sample must be identical, except that the copy's last column and last row may differ by at
 * most EDGE_TOLERANCE (the largest change the decoder's edge rule below can make). That exception is not a defect of the copy (its coefficients are the padded tile's,
 * unchanged) but of where the edge now is: with 4:2:0 chroma a decoder's "fancy" upsampling interpolates
 * the last pixel column/row from the chroma sample beyond it inside a padded tile, and replicates the last
 * chroma sample at a real image edge (libjpeg jdsample.c). No encoder setting avoids it for even sizes; a
 * transcoded edge tile would differ everywhere instead. The same holds for the Worker's bottom-edge height
 * patch. A copy outside these bounds is not stored (byte count 0: the Worker transcodes that tile) and
 * is reported.
 */
import sharp from 'sharp';
import { spliceJpeg } from '../../src/tiff/jpeg';
import { cropJpegTile } from './jpeg-crop';
import type { LevelSize } from './levels';

/** The right-most tile of one tile row and its real (unpadded) size. */
export interface EdgeTile {
  readonly row: number;
  /** Index of the padded tile in the level's row-major tile list. */
  readonly index: number;
  readonly width: number;
  readonly height: number;
}

/** Edge tiles of a level, one per tile row; none when the width is a multiple of the tile width. */
export function edgeTiles(size: LevelSize, tileSize: number): EdgeTile[] {
  if (size.width % tileSize === 0) return [];
  const width = size.width - (size.tilesAcross - 1) * tileSize;
  return Array.from({ length: size.tilesDown }, (_, row) => ({
    row,
    index: row * size.tilesAcross + size.tilesAcross - 1,
    width,
    height: Math.min(tileSize, size.height - row * tileSize),
  }));
}

/** What was made for one edge tile: the copy, or why there is none. */
export type EdgeCopy =
  | { readonly tile: EdgeTile; readonly bytes: Uint8Array }
  | { readonly tile: EdgeTile; readonly bytes: null; readonly reason: string };

/**
 * Crops one padded tile to its edge size and checks pixel identity (see the file comment). Decoding both
 * with libjpeg (through sharp) and comparing every sample is the check the file format promises: the
 * coefficients are equal by construction, but a decoder's chroma upsampling treats the last column and
 * row of an image differently from an interior one, which can change them (docs/BUILDER.md).
 */
export async function makeEdgeCopy(tables: Uint8Array, padded: Uint8Array, tile: EdgeTile): Promise<EdgeCopy> {
  let bytes: Uint8Array;
  try {
    bytes = cropJpegTile(tables, padded, tile.width, tile.height);
  } catch (err) {
    return { tile, bytes: null, reason: (err as Error).message };
  }
  const [fromCopy, fromPadded] = await Promise.all([
    sharp(spliceJpeg(tables, bytes)).raw().toBuffer({ resolveWithObject: true }),
    sharp(spliceJpeg(tables, padded)).extract({ left: 0, top: 0, width: tile.width, height: tile.height }).raw().toBuffer(),
  ]);
  if (fromCopy.info.width !== tile.width || fromCopy.info.height !== tile.height) {
    return { tile, bytes: null, reason: `copy decodes to ${fromCopy.info.width}×${fromCopy.info.height}` };
  }
  const diff = edgeCopyDifference(fromCopy.data, fromPadded, tile.width, tile.height, fromCopy.info.channels);
  if (diff) return { tile, bytes: null, reason: diff };
  return { tile, bytes };
}

/**
 * Largest difference allowed on the last column and row: the most the decoder's edge rule can move a
 * sample. Fancy 4:2:0 upsampling gives the last pixel (3·C_last + C_next)/4 inside a tile and C_last at an
 * image edge, a chroma difference of at most 255/4 ≈ 64; through the YCbCr→RGB matrix (Cr→R × 1.402,
 * ITU-T T.871 §7) that is at most 90 levels. So a difference confined to the last column/row and within
 * this bound is the edge rule, whatever the content; a real mistake (a wrong crop, a bad re-code) shows away
 * from the edge as well and is refused. Measured: up to 11 on the test chart, up to 25 on the photographic
 * benchmark master.
 */
export const EDGE_TOLERANCE = 96;

/**
 * null when the copy is acceptable: identical, or differing only on its last column or row by at most
 * EDGE_TOLERANCE; otherwise how many samples differ, by how much, and where.
 */
export function edgeCopyDifference(a: Uint8Array, b: Uint8Array, width: number, height: number, channels: number): string | null {
  if (a.length !== b.length) return `${a.length} samples decoded, ${b.length} expected`;
  let n = 0;
  let max = 0;
  let inside = 0; // differing samples away from the last column and row
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d === 0) continue;
    n++;
    max = Math.max(max, d);
    const p = Math.floor(i / channels);
    if (p % width !== width - 1 && Math.floor(p / width) !== height - 1) inside++;
  }
  if (n === 0 || (inside === 0 && max <= EDGE_TOLERANCE)) return null;
  const where = inside === 0 ? 'all in the last column or row' : `${inside} away from the last column and row`;
  return `${n} samples differ from the padded tile (max ${max}, ${where})`;
}

/** Counts of stored copies and one line per level with copies not stored (the first row's reason). */
export function summariseEdges(edges: readonly (readonly EdgeCopy[] | null)[]): { stored: number; total: number; notStored: string[] } {
  const all = edges.flatMap((level) => level ?? []);
  const notStored = edges.flatMap((level, k) => {
    const missing = (level ?? []).filter((e) => e.bytes === null);
    const first = missing[0];
    return first && 'reason' in first ? [`level ${k}: ${missing.length} of ${level!.length} rows (row ${first.tile.row}: ${first.reason})`] : [];
  });
  return { stored: all.filter((e) => e.bytes !== null).length, total: all.length, notStored };
}
