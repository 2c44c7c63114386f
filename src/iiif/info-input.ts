/**
 * What both info.json builders take, and the rule they share: advertised `sizes` and `tiles` must lie
 * within the advertised limits (3.0 §5.2 and 2.1 §5.3: "Servers MUST ensure that sizes specified by any
 * sizes or tiles properties are within any size limits expressed").
 */
import type { Limits } from '../config';
import type { SizeEntry, TileSet } from './info-geometry';

export interface InfoInput {
  /** The image service's base URI: public base URL, version prefix and encoded identifier (3.0 §5.2 `id`). */
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly tiles: readonly TileSet[];
  readonly sizes: readonly SizeEntry[];
  readonly limits: Limits;
  /** Service descriptions to append (IIIF Auth), already in the form the version expects. */
  readonly services?: readonly unknown[];
}

function fits(width: number, height: number, limits: Limits): boolean {
  return width <= limits.maxWidth && height <= limits.maxHeight && width * height <= limits.maxArea;
}

/** Sizes inside the limits, smallest first. */
export function advertisedSizes(input: InfoInput): SizeEntry[] {
  return input.sizes
    .filter((s) => fits(s.width, s.height, input.limits))
    .map((s) => ({ width: s.width, height: s.height }))
    .sort((a, b) => a.width * a.height - b.width * b.height);
}

/** Tile sets whose tiles are inside the limits. */
export function advertisedTiles(input: InfoInput): TileSet[] {
  return input.tiles
    .filter((t) => t.scaleFactors.length > 0 && fits(t.width, t.height, input.limits))
    .map((t) => ({ width: t.width, height: t.height, scaleFactors: [...t.scaleFactors] }));
}
