/**
 * Resolves a parsed ImageRequest against one image and the service limits: integer region, output size,
 * supported rotation, effective quality and the canonical path. Everything that changes the output pixels
 * ends up in the ResolvedRequest, so its `canonical` is a sound cache key.
 */
import type { Limits } from '../config';
import type { ImageRequest, Quality, ResolvedRequest, RotationSpec } from './types';
import { canonicalRegion, canonicalRotation, canonicalSize } from './canonical';
import { resolveRegion } from './resolve-region';
import { resolveSize } from './resolve-size';
import { BadRequest } from '../errors';

export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

const RIGHT_ANGLES = [0, 90, 180, 270];

/**
 * Mirroring and multiples of 90° are rendered (rotationBy90s is level 2; mirroring is declared as an extra
 * feature); 360 is the same turn as 0. Other angles are valid IIIF but unsupported here: 400, as 3.0 §4.3
 * asks ("a rotation value that is out of range or unsupported should result in a 400"), so a client's
 * unsupported request never shows as a server fault.
 */
function resolveRotation(spec: RotationSpec): RotationSpec {
  const degrees = spec.degrees === 360 ? 0 : spec.degrees;
  if (!RIGHT_ANGLES.includes(degrees)) {
    throw new BadRequest(`rotation by ${spec.degrees}° is not supported; use 0, 90, 180 or 270`);
  }
  return Object.freeze({ mirror: spec.mirror, degrees });
}

/**
 * `default` is the source's own quality: colour for 3-channel, gray for 1-channel images (3.0 §4.4).
 * `color` on a grey image returns the grey image: 3.0 §4.4 says a request for `color` "MUST NOT result
 * in an error" even when the server has no colour information (it is just not listed in extraQualities).
 */
function resolveQuality(quality: Quality, channels: 1 | 3): ResolvedRequest['quality'] {
  if (quality === 'default' || quality === 'color') return channels === 3 ? 'color' : 'gray';
  return quality;
}

export function resolveRequest(req: ImageRequest, image: ImageFacts, limits: Limits): ResolvedRequest {
  const region = Object.freeze(resolveRegion(req.region, image));
  const size = resolveSize(req.version, req.size, region, limits);
  const rotation = resolveRotation(req.rotation);
  const quality = resolveQuality(req.quality, image.channels);
  const canonical = [
    canonicalRegion(region, image),
    canonicalSize(req.version, region, size, limits),
    canonicalRotation(rotation),
    `${req.quality}.${req.format}`,
  ].join('/');
  return Object.freeze({
    version: req.version,
    id: req.id,
    region,
    width: size.width,
    height: size.height,
    rotation,
    quality,
    canonicalQuality: req.quality,
    format: req.format,
    canonical,
  });
}
