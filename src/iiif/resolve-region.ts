/**
 * Region → integer pixel rectangle on the full image (Image API 3.0 §4.1, 2.1 §4.1). A region that reaches
 * past the image is cropped at the edge; one that has zero width or height, or lies wholly outside, is a
 * 400 (both versions: "SHOULD return a 400"). Percentages are turned into pixels by rounding the two edges
 * (not the origin and the extent), so regions that share an edge in percent share it in pixels too; the
 * spec leaves the rounding method to the implementation (3.0 §4.7).
 */
import type { Rect, RegionSpec } from './types';
import { BadRequest } from '../errors';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

function describe(spec: RegionSpec): string {
  switch (spec.kind) {
    case 'full':
    case 'square':
      return spec.kind;
    case 'pixels':
      return `${spec.x},${spec.y},${spec.w},${spec.h}`;
    case 'percent':
      return `pct:${spec.x},${spec.y},${spec.w},${spec.h}`;
  }
}

/** Crops [x0, x1) × [y0, y1) to the image, refusing empty and wholly outside rectangles. */
function clip(spec: RegionSpec, image: ImageSize, x0: number, y0: number, x1: number, y1: number): Rect {
  if (x0 >= image.width || y0 >= image.height) {
    throw new BadRequest(`region "${describe(spec)}" lies outside the ${image.width}×${image.height} image`);
  }
  const w = Math.min(x1, image.width) - x0;
  const h = Math.min(y1, image.height) - y0;
  if (w <= 0 || h <= 0) throw new BadRequest(`region "${describe(spec)}" is less than one pixel wide or high`);
  return { x: x0, y: y0, w, h };
}

export function resolveRegion(spec: RegionSpec, image: ImageSize): Rect {
  switch (spec.kind) {
    case 'full':
      return { x: 0, y: 0, w: image.width, h: image.height };
    case 'square': {
      // §4.1 leaves the position to the server; centred, as the spec suggests.
      const side = Math.min(image.width, image.height);
      return { x: Math.floor((image.width - side) / 2), y: Math.floor((image.height - side) / 2), w: side, h: side };
    }
    case 'pixels':
      if (spec.w === 0 || spec.h === 0) throw new BadRequest(`region "${describe(spec)}" has zero width or height`);
      return clip(spec, image, spec.x, spec.y, spec.x + spec.w, spec.y + spec.h);
    case 'percent': {
      if (spec.w === 0 || spec.h === 0) throw new BadRequest(`region "${describe(spec)}" has zero width or height`);
      const px = (pct: number, of: number) => Math.round((pct * of) / 100);
      return clip(
        spec,
        image,
        px(spec.x, image.width),
        px(spec.y, image.height),
        px(spec.x + spec.w, image.width),
        px(spec.y + spec.h, image.height),
      );
    }
  }
}
