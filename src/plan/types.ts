/**
 * The render plan: what to read from which pyramid level and what to do with it, as a pure value made
 * from a ResolvedRequest and a PyramidIndex. `passthrough` sends one stored tile as-is; `transcode`
 * decodes covering tiles, crops, resizes, orients, applies quality and encodes.
 */
import type { Format, Rect, RotationSpec } from '../iiif/types';

export interface TileRef {
  readonly col: number;
  readonly row: number;
  /** row * tilesAcross + col, the index into the level's tile arrays. */
  readonly index: number;
}

/**
 * Stored tiles read with one range request: adjacent in the file, or separated by at most a small gap
 * (plan/byte-runs.ts), so slice each tile at tileOffsets[index] - offset.
 */
export interface ByteRun {
  readonly offset: number;
  readonly length: number;
  readonly tiles: readonly TileRef[];
}

export interface PassthroughPlan {
  readonly kind: 'passthrough';
  readonly level: number;
  readonly tile: TileRef;
  /** Output size: the tile's real (unpadded) size at this level. */
  readonly width: number;
  readonly height: number;
  /** `edge`: the single run is the tile's exact-size copy (PyramidLevel.edgeTiles), not the padded tile. */
  readonly source: 'tile' | 'edge';
  readonly runs: readonly ByteRun[];
}

export interface TranscodePlan {
  readonly kind: 'transcode';
  readonly level: number;
  /** Covering tiles, row-major. */
  readonly tiles: readonly TileRef[];
  readonly runs: readonly ByteRun[];
  /** Pixel rectangle of the covering tiles' mosaic, in level pixels (tile-aligned, clipped to the level). */
  readonly mosaic: Rect;
  /** What to keep of the mosaic, in level pixels, relative to the level origin. */
  readonly crop: Rect;
  /** Output size before rotation. */
  readonly width: number;
  readonly height: number;
  readonly rotation: RotationSpec;
  readonly quality: 'color' | 'gray' | 'bitonal';
  readonly format: Format;
  /** Why this is not a passthrough (plan/passthrough.ts), for diagnostics such as Server-Timing. */
  readonly reason?: string;
}

export type RenderPlan = PassthroughPlan | TranscodePlan;
