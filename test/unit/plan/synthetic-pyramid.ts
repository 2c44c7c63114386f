/**
 * Synthetic PyramidIndex values for planner tests: level sizes, tile grids and a byte layout, without
 * any pixels. Levels halve with ceil (our builder, docs/ARCHITECTURE.md §2) or floor (other tools) rounding down to the
 * first level that fits in one tile; tile data is laid out smallest level first, row-major, each tile
 * `100 + index` bytes long (so lengths differ), with an optional gap after each tile and optional sparse tiles.
 */
import type { PyramidIndex, PyramidLevel, TileCompression } from '../../../src/tiff/pyramid';

export interface SyntheticOptions {
  readonly width: number;
  readonly height: number;
  readonly tile?: number;
  readonly rounding?: 'ceil' | 'floor';
  readonly channels?: 1 | 3;
  readonly compression?: TileCompression;
  /** Bytes left between consecutive tiles in the file. */
  readonly gap?: number;
  /** Level 0 only: levels beyond full resolution are not written (a plain tiled TIFF). */
  readonly singleLevel?: boolean;
  /** `${level}:${index}` of tiles stored as sparse (byte count 0). */
  readonly sparse?: readonly string[];
}

function levelSizes(o: SyntheticOptions, tile: number): [number, number][] {
  const round = o.rounding === 'floor' ? Math.floor : Math.ceil;
  const sizes: [number, number][] = [[o.width, o.height]];
  while (!o.singleLevel) {
    const [w, h] = sizes[sizes.length - 1]!;
    if (w <= tile && h <= tile) break;
    const k = sizes.length;
    sizes.push([Math.max(1, round(o.width / 2 ** k)), Math.max(1, round(o.height / 2 ** k))]);
  }
  return sizes;
}

export function syntheticPyramid(o: SyntheticOptions): PyramidIndex {
  const tile = o.tile ?? 256;
  const sizes = levelSizes(o, tile);
  const sparse = new Set(o.sparse ?? []);
  let cursor = 4096; // after the header
  const built: PyramidLevel[] = new Array(sizes.length);
  for (let k = sizes.length - 1; k >= 0; k--) {
    const [width, height] = sizes[k]!;
    const tilesAcross = Math.ceil(width / tile);
    const tilesDown = Math.ceil(height / tile);
    const n = tilesAcross * tilesDown;
    const tileOffsets = new Float64Array(n);
    const tileByteCounts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (sparse.has(`${k}:${i}`)) continue;
      tileOffsets[i] = cursor;
      tileByteCounts[i] = 100 + i;
      cursor += 100 + i + (o.gap ?? 0);
    }
    built[k] = {
      ifd: k,
      width,
      height,
      tileWidth: tile,
      tileHeight: tile,
      tilesAcross,
      tilesDown,
      compression: o.compression ?? 'jpeg',
      photometric: (o.channels ?? 3) === 3 ? 'ycbcr' : 'gray',
      samplesPerPixel: o.channels ?? 3,
      predictor: 1,
      jpegTables: null,
      tileOffsets,
      tileByteCounts,
    };
  }
  return { width: o.width, height: o.height, channels: o.channels ?? 3, levels: built };
}
