/**
 * The stored tiles that cover a rectangle of level pixels, row-major, and their mosaic: the tile-aligned
 * rectangle they fill, clipped to the level (edge tiles are stored padded but only their real part counts).
 */
import type { Rect } from '../iiif/types';
import type { PyramidLevel } from '../tiff/pyramid';
import type { TileRef } from './types';

export interface TileCover {
  readonly tiles: readonly TileRef[];
  readonly mosaic: Rect;
}

export function coveringTiles(level: PyramidLevel, rect: Rect): TileCover {
  const tw = level.tileWidth;
  const th = level.tileHeight;
  const col0 = Math.floor(rect.x / tw);
  const col1 = Math.floor((rect.x + rect.w - 1) / tw);
  const row0 = Math.floor(rect.y / th);
  const row1 = Math.floor((rect.y + rect.h - 1) / th);
  const tiles: TileRef[] = [];
  for (let row = row0; row <= row1; row++) {
    for (let col = col0; col <= col1; col++) tiles.push({ col, row, index: row * level.tilesAcross + col });
  }
  const x = col0 * tw;
  const y = row0 * th;
  const mosaic = { x, y, w: Math.min(level.width, (col1 + 1) * tw) - x, h: Math.min(level.height, (row1 + 1) * th) - y };
  return { tiles, mosaic };
}

/** The real (unpadded) extent of one tile in level pixels. */
export function tileExtent(level: PyramidLevel, tile: TileRef): Rect {
  const x = tile.col * level.tileWidth;
  const y = tile.row * level.tileHeight;
  return { x, y, w: Math.min(level.tileWidth, level.width - x), h: Math.min(level.tileHeight, level.height - y) };
}
