/**
 * Size → output pixel dimensions for a resolved region (Image API 3.0 §4.2, 2.1 §4.2), with the server
 * limits of 3.0 §5.2 / 2.1 §5.3 (maxWidth, maxHeight, maxArea).
 * - 3.0: without `^` the output may not exceed the region in either dimension (400); `^` allows upscaling
 *   (we declare sizeUpscaling), always within the limits.
 * - 2.1: upscaling is allowed without a prefix (sizeAboveFull), also within the limits.
 * - `max`/`^max` and `!w,h` shrink to fit the limits; every other form above the limits is a 400 (3.0 §4.2:
 *   "the pixel dimensions of the scaled region MUST NOT be less than 1 pixel or greater than the
 *   server-imposed limits … SHOULD result in a 400"). Sizes that round to 0 are 400 by the same sentence.
 * Aspect-preserving forms round the computed side to the nearest pixel (half up).
 */
import type { Limits } from '../config';
import type { ApiVersion, Rect, SizeSpec } from './types';
import { BadRequest } from '../errors';

export interface OutputSize {
  readonly width: number;
  readonly height: number;
}

export function describeSize(spec: SizeSpec): string {
  const up = spec.upscale ? '^' : '';
  switch (spec.kind) {
    case 'max':
      return `${up}max`;
    case 'width':
      return `${up}${spec.w},`;
    case 'height':
      return `${up},${spec.h}`;
    case 'percent':
      return `${up}pct:${spec.n}`;
    case 'exact':
      return `${up}${spec.w},${spec.h}`;
    case 'fit':
      return `${up}!${spec.w},${spec.h}`;
  }
}

/**
 * The largest size with the region's aspect ratio inside a box and an area, optionally allowing scale > 1.
 * Rounds to nearest, and falls back to rounding down when rounding up would break the area limit.
 */
export function fitWithin(
  rw: number,
  rh: number,
  boxW: number,
  boxH: number,
  maxArea: number,
  allowUpscale: boolean,
): OutputSize {
  const scale = Math.min(boxW / rw, boxH / rh, Math.sqrt(maxArea / (rw * rh)));
  if (scale >= 1 && !allowUpscale) return { width: rw, height: rh };
  let width = Math.min(boxW, Math.max(1, Math.round(rw * scale)));
  let height = Math.min(boxH, Math.max(1, Math.round(rh * scale)));
  if (width * height > maxArea) {
    width = Math.max(1, Math.floor(rw * scale));
    height = Math.max(1, Math.floor(rh * scale));
  }
  return { width, height };
}

/** What `max` (or `^max` with upscale) gives for a region under the limits (3.0 §4.2, 2.1 §4.2). */
export function maxSize(region: Rect, limits: Limits, upscale: boolean): OutputSize {
  return fitWithin(region.w, region.h, limits.maxWidth, limits.maxHeight, limits.maxArea, upscale);
}

/** `w,` and `,h`: the other side keeps the region's aspect ratio (shared with the canonical form). */
export function heightForWidth(region: Rect, width: number): number {
  return Math.round((region.h * width) / region.w);
}

export function widthForHeight(region: Rect, height: number): number {
  return Math.round((region.w * height) / region.h);
}

function scaled(version: ApiVersion, spec: SizeSpec, region: Rect, limits: Limits): OutputSize {
  // 2.1 allows upscaling implicitly; in 3.0 only the `^` forms do.
  const upscale = version === 2 || spec.upscale;
  switch (spec.kind) {
    case 'max':
      // 2.1 `max` is "the maximum size available", never above the region (it equals `full` without limits).
      return maxSize(region, limits, version === 3 && spec.upscale);
    case 'width':
      return { width: spec.w, height: heightForWidth(region, spec.w) };
    case 'height':
      return { width: widthForHeight(region, spec.h), height: spec.h };
    case 'percent':
      return { width: Math.round((region.w * spec.n) / 100), height: Math.round((region.h * spec.n) / 100) };
    case 'exact':
      return { width: spec.w, height: spec.h };
    case 'fit':
      return fitWithin(
        region.w,
        region.h,
        Math.min(spec.w, limits.maxWidth),
        Math.min(spec.h, limits.maxHeight),
        limits.maxArea,
        upscale,
      );
  }
}

export function resolveSize(version: ApiVersion, spec: SizeSpec, region: Rect, limits: Limits): OutputSize {
  const out = scaled(version, spec, region, limits);
  const text = describeSize(spec);
  if (out.width < 1 || out.height < 1) {
    throw new BadRequest(`size "${text}" gives ${out.width}×${out.height} px; both sides must be at least 1 px`);
  }
  if (version === 3 && !spec.upscale) {
    // 3.0 §4.2: pct:n "MUST NOT be greater than 100"; w, h "MUST NOT be greater than" the region.
    const over = out.width > region.w || out.height > region.h || (spec.kind === 'percent' && spec.n > 100);
    if (over) {
      throw new BadRequest(
        `size "${text}" would upscale the ${region.w}×${region.h} region; prefix it with ^ to allow upscaling`,
      );
    }
  }
  if (out.width > limits.maxWidth || out.height > limits.maxHeight || out.width * out.height > limits.maxArea) {
    throw new BadRequest(
      `size "${text}" gives ${out.width}×${out.height} px, above this service's limits ` +
        `(maxWidth ${limits.maxWidth}, maxHeight ${limits.maxHeight}, maxArea ${limits.maxArea})`,
    );
  }
  return out;
}
