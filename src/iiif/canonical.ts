/**
 * Canonical forms of a resolved request (Image API 3.0 §4.8, 2.1 §4.7): the one URL under which equal
 * output is cached and announced in the `Link: rel="canonical"` header.
 * - region: `full` when the whole image is requested (2.1 adds: including `square` on a square image),
 *   otherwise `x,y,w,h`;
 * - size 3.0: `max` for the largest size without upscaling, `^max` for the largest upscaled size,
 *   otherwise `w,h`, or `^w,h` when the region is upscaled (3.0 change log §1.1.3);
 * - size 2.1: `full` for the unscaled region, `w,` for sizes that keep the aspect ratio (which includes a
 *   limited `max`: 2.1 §4.2 deprecation warning), `w,h` for distorting sizes;
 * - rotation: `!` when mirrored, then an integer (only 0/90/180/270 are served);
 * - quality: as requested (`default` stays `default`); format: always explicit.
 * Note that `max` depends on the configured limits: a change of limits must change the cache version.
 */
import type { Limits } from '../config';
import type { ApiVersion, Rect, RotationSpec } from './types';
import type { ImageSize } from './resolve-region';
import type { OutputSize } from './resolve-size';
import { heightForWidth, maxSize } from './resolve-size';

function same(a: OutputSize, b: OutputSize): boolean {
  return a.width === b.width && a.height === b.height;
}

export function canonicalRegion(region: Rect, image: ImageSize): string {
  const whole = region.x === 0 && region.y === 0 && region.w === image.width && region.h === image.height;
  return whole ? 'full' : `${region.x},${region.y},${region.w},${region.h}`;
}

export function canonicalSize(version: ApiVersion, region: Rect, out: OutputSize, limits: Limits): string {
  if (version === 2) {
    if (out.width === region.w && out.height === region.h) return 'full';
    return heightForWidth(region, out.width) === out.height ? `${out.width},` : `${out.width},${out.height}`;
  }
  if (same(out, maxSize(region, limits, false))) return 'max';
  const upscaled = out.width > region.w || out.height > region.h;
  if (upscaled && same(out, maxSize(region, limits, true))) return '^max';
  return `${upscaled ? '^' : ''}${out.width},${out.height}`;
}

export function canonicalRotation(rotation: RotationSpec): string {
  return `${rotation.mirror ? '!' : ''}${rotation.degrees}`;
}

/** The canonical image URL: the service's base URI (info.json `id`) plus the canonical path. */
export function canonicalUrl(serviceId: string, canonicalPath: string): string {
  return `${serviceId}/${canonicalPath}`;
}
