/**
 * When a request can be answered with one stored JPEG tile as it is (docs/ARCHITECTURE.md §3 step 6): returns null when
 * it can, otherwise the reason it cannot, so the rule is explicit, testable and easy to relax later.
 * Right-edge tiles of partial width are stored padded to the full tile width, and a JPEG's width cannot be
 * cut without re-encoding; they pass through only when the file carries an exact-size copy of them
 * (PyramidLevel.edgeTiles, see `edgeCopy`), and are transcoded otherwise. Bottom-edge tiles (full width,
 * partial height) pass through: the route patches the SOF height and decoders stop at it.
 */
import type { Rect, ResolvedRequest } from '../iiif/types';
import type { PyramidIndex, PyramidLevel } from '../tiff/pyramid';
import type { LevelScale } from './level-scale';
import { tileExtent } from './tile-grid';
import type { TileRef } from './types';

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/**
 * Whether the level rectangle is exactly the region, not just its cover: the level has an integer scale
 * factor and the region starts and ends on level pixel edges (or at the image edge, which a ceil-rounded
 * level's last pixel reaches).
 */
function mapsExactly(region: Rect, crop: Rect, scale: LevelScale, index: PyramidIndex): boolean {
  const s = scale.factor;
  if (s === null) return false;
  return (
    region.x === crop.x * s &&
    region.y === crop.y * s &&
    region.x + region.w === Math.min(index.width, (crop.x + crop.w) * s) &&
    region.y + region.h === Math.min(index.height, (crop.y + crop.h) * s)
  );
}

/** Output transforms that a stored tile cannot carry. */
function outputBlocker(resolved: ResolvedRequest, index: PyramidIndex): string | null {
  if (resolved.format !== 'jpg') return `format ${resolved.format}`;
  if (resolved.rotation.degrees !== 0 || resolved.rotation.mirror) return 'rotation or mirroring';
  // A grey source's `gray` (or `color`, or `default`) is its stored pixels; a colour source's is `color`.
  const stored = index.channels === 3 ? 'color' : 'gray';
  if (resolved.quality !== stored) return `quality ${resolved.quality} on a ${stored} source`;
  return null;
}

export function passthroughBlocker(
  resolved: ResolvedRequest,
  index: PyramidIndex,
  level: PyramidLevel,
  scale: LevelScale,
  crop: Rect,
  tiles: readonly TileRef[],
): string | null {
  const output = outputBlocker(resolved, index);
  if (output !== null) return output;
  if (level.compression !== 'jpeg') return `stored tiles are ${level.compression}, not JPEG`;
  if (tiles.length !== 1) return `region covers ${tiles.length} tiles`;
  const tile = tiles[0]!;
  const extent = tileExtent(level, tile);
  if (!sameRect(crop, extent) || !mapsExactly(resolved.region, crop, scale, index)) {
    return 'region is not exactly one stored tile';
  }
  if (resolved.width !== extent.w || resolved.height !== extent.h) {
    return `tile scaled from ${extent.w}×${extent.h} to ${resolved.width}×${resolved.height}`;
  }
  if (level.tileByteCounts[tile.index] === 0) return 'sparse tile (no stored bytes)';
  if (extent.w < level.tileWidth && edgeCopy(level, tile) === null) {
    return 'right-edge tile of partial width (stored padded, no exact-size copy in the file)';
  }
  return null;
}

/** The exact-size copy of a right-column tile, when the file has one. */
export function edgeCopy(level: PyramidLevel, tile: TileRef): { offset: number; length: number } | null {
  if (tile.col !== level.tilesAcross - 1 || level.edgeTiles === undefined || level.edgeTiles === null) return null;
  const length = level.edgeTiles.byteCounts[tile.row] ?? 0;
  if (length <= 0) return null;
  return { offset: level.edgeTiles.offsets[tile.row]!, length };
}
