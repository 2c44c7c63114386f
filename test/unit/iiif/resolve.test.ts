import { describe, expect, it } from 'vitest';
import { parseImageRequest } from '../../../src/iiif/parse-request';
import { resolveRequest } from '../../../src/iiif/resolve';
import type { ResolveCase } from './resolve-cases';
import {
  ROOMY,
  SPEC_IMAGE,
  qualityResolveCases,
  regionResolveCases,
  rotationResolveCases,
  sizeResolveCases,
} from './resolve-cases';
import { resolvePath } from './resolve-path';
import { messageOf, statusOf } from './status';

function check([, version, path, image, limits, outcome]: ResolveCase): void {
  if ('status' in outcome) {
    expect(statusOf(() => resolvePath(version, path, image, limits))).toBe(outcome.status);
    return;
  }
  const r = resolvePath(version, path, image, limits);
  expect([r.region.x, r.region.y, r.region.w, r.region.h]).toEqual(outcome.region);
  expect([r.width, r.height]).toEqual(outcome.size);
}

describe('resolveRequest: region', () => {
  it.each(regionResolveCases)('%s (%i: %s)', (...c) => check(c));
});

describe('resolveRequest: size', () => {
  it.each(sizeResolveCases)('%s (%i: %s)', (...c) => check(c));

  it('explains why an upscale without ^ is refused', () => {
    expect(messageOf(() => resolvePath(3, 'full/301,/0/default.jpg', SPEC_IMAGE, ROOMY))).toBe(
      'size "301," would upscale the 300×200 region; prefix it with ^ to allow upscaling',
    );
  });
});

describe('resolveRequest: rotation', () => {
  it.each(rotationResolveCases)('%s', (raw, outcome) => {
    for (const version of [2, 3] as const) {
      const path = `full/max/${raw}/default.jpg`;
      if ('status' in outcome) {
        expect(statusOf(() => resolvePath(version, path, SPEC_IMAGE, ROOMY))).toBe(outcome.status);
      } else {
        expect(resolvePath(version, path, SPEC_IMAGE, ROOMY).rotation).toEqual(outcome);
      }
    }
  });

  it('says which angles work', () => {
    expect(messageOf(() => resolvePath(3, 'full/max/22.5/default.jpg', SPEC_IMAGE, ROOMY))).toBe(
      'rotation by 22.5° is not supported; use 0, 90, 180 or 270',
    );
  });
});

describe('resolveRequest: quality', () => {
  it.each(qualityResolveCases)('%s on %i channel(s) → %s', (quality, channels, resolved) => {
    const r = resolvePath(3, `full/max/0/${quality}.png`, { ...SPEC_IMAGE, channels }, ROOMY);
    expect(r.quality).toBe(resolved);
    expect(r.canonicalQuality).toBe(quality);
    expect(r.format).toBe('png');
  });
});

describe('resolveRequest: value', () => {
  it('is frozen and carries the identifier and version', () => {
    const r = resolveRequest(parseImageRequest(2, 'a/b', 'full', 'max', '0', 'gray.webp'), SPEC_IMAGE, ROOMY);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.region)).toBe(true);
    expect(r.id).toBe('a/b');
    expect(r.version).toBe(2);
  });
});
