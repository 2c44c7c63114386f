/**
 * The stored tiles that cover a rectangle of level pixels and their mosaic: the tile-aligned rectangle they
 * fill, clipped to the level (edge tiles are stored padded but only their real part counts). The span is
 * computed first and the tiles listed separately, so an oversized request is refused before it allocates.
 */
import type { Rect } from '../iiif/types';
import type { PyramidLevel } from '../tiff/pyramid';
import type { TileRef } from './types';

export interface TileSpan {
  readonly col0: number;
  readonly col1: number;
  readonly row0: number;
  readonly row1: number;
  readonly mosaic: Rect;
}

export function tileSpan(level: PyramidLevel, rect: Rect): TileSpan {
  const tw = level.tileWidth;
  const th = level.tileHeight;
  const col0 = Math.floor(rect.x / tw);
  const col1 = Math.floor((rect.x + rect.w - 1) / tw);
  const row0 = Math.floor(rect.y / th);
  const row1 = Math.floor((rect.y + rect.h - 1) / th);
  const x = col0 * tw;
  const y = row0 * th;
  const mosaic = { x, y, w: Math.min(level.width, (col1 + 1) * tw) - x, h: Math.min(level.height, (row1 + 1) * th) - y };
  return { col0, col1, row0, row1, mosaic };
}

/** The span's tiles, row-major. */
export function tilesIn(level: PyramidLevel, span: TileSpan): TileRef[] {
  const tiles: TileRef[] = [];
  for (let row = span.row0; row <= span.row1; row++) {
    for (let col = span.col0; col <= span.col1; col++) tiles.push({ col, row, index: row * level.tilesAcross + col });
  }
  return tiles;
}

/** The real (unpadded) extent of one tile in level pixels. */
export function tileExtent(level: PyramidLevel, tile: TileRef): Rect {
  const x = tile.col * level.tileWidth;
  const y = tile.row * level.tileHeight;
  return { x, y, w: Math.min(level.tileWidth, level.width - x), h: Math.min(level.tileHeight, level.height - y) };
}
