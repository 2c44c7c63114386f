/**
 * Canonical forms (Image API 3.0 §4.8, 2.1 §4.7), including the specs' own Link header examples:
 * 3.0 `full/400,300/0/default.jpg` and 2.1 `full/400,/0/default.jpg` (an 800×600 image at half size).
 */
import { describe, expect, it } from 'vitest';
import type { Limits } from '../../../src/config';
import { canonicalUrl } from '../../../src/iiif/canonical';
import type { ApiVersion } from '../../../src/iiif/types';
import { MAX_360, ROOMY, SPEC_IMAGE } from './resolve-cases';
import { resolvePath } from './resolve-path';

const IMG_800 = { width: 800, height: 600, channels: 3 } as const;
const SQUARE = { width: 600, height: 600, channels: 3 } as const;
const HUGE = { width: 8000, height: 6000, channels: 3 } as const;
/** Fixed here rather than taken from LIMITED, which operators tune. */
const LIMITED: Limits = { maxWidth: 2048, maxHeight: 2048, maxArea: 2_250_000 };

type Case = readonly [version: ApiVersion, path: string, image: typeof IMG_800 | typeof SPEC_IMAGE, limits: Limits, canonical: string];

const cases: readonly Case[] = [
  // 3.0
  [3, 'full/pct:50/0/default.jpg', IMG_800, ROOMY, 'full/400,300/0/default.jpg'],
  [3, 'full/max/0/default.jpg', IMG_800, ROOMY, 'full/max/0/default.jpg'],
  [3, 'full/800,/0/default.jpg', IMG_800, ROOMY, 'full/max/0/default.jpg'],
  [3, 'full/!1000,1000/0/default.jpg', IMG_800, ROOMY, 'full/max/0/default.jpg'],
  [3, 'pct:0,0,100,100/max/0/default.jpg', IMG_800, ROOMY, 'full/max/0/default.jpg'],
  [3, '0,0,800,600/400,/0/default.jpg', IMG_800, ROOMY, 'full/400,300/0/default.jpg'],
  [3, 'square/max/0/default.jpg', SQUARE, ROOMY, 'full/max/0/default.jpg'],
  [3, 'square/max/0/default.jpg', SPEC_IMAGE, ROOMY, '50,0,200,200/max/0/default.jpg'],
  [3, 'pct:41.6,7.5,40,70/max/0/default.jpg', SPEC_IMAGE, ROOMY, '125,15,120,140/max/0/default.jpg'],
  [3, '125,15,200,200/max/0/default.jpg', SPEC_IMAGE, ROOMY, '125,15,175,185/max/0/default.jpg'],
  [3, 'full/,150/0/default.jpg', SPEC_IMAGE, ROOMY, 'full/225,150/0/default.jpg'],
  [3, 'full/225,100/0/default.jpg', SPEC_IMAGE, ROOMY, 'full/225,100/0/default.jpg'],
  [3, 'full/^max/0/default.jpg', SPEC_IMAGE, MAX_360, 'full/^max/0/default.jpg'],
  [3, 'full/^360,/0/default.jpg', SPEC_IMAGE, MAX_360, 'full/^max/0/default.jpg'],
  [3, 'full/^360,/0/default.jpg', SPEC_IMAGE, ROOMY, 'full/^360,240/0/default.jpg'],
  [3, 'full/^300,300/0/default.jpg', SPEC_IMAGE, ROOMY, 'full/^300,300/0/default.jpg'],
  // A limited `max` keeps `max`; the same pixels asked for as w,h canonicalise to it too.
  [3, 'full/max/0/default.jpg', HUGE, LIMITED, 'full/max/0/default.jpg'],
  [3, 'full/1732,1299/0/default.jpg', HUGE, LIMITED, 'full/max/0/default.jpg'],
  [3, 'full/max/!90/color.png', IMG_800, ROOMY, 'full/max/!90/color.png'],
  [3, 'full/max/360/gray.webp', IMG_800, ROOMY, 'full/max/0/gray.webp'],
  [3, 'full/max/90.0/bitonal.jpg', IMG_800, ROOMY, 'full/max/90/bitonal.jpg'],
  // 2.1
  [2, 'full/pct:50/0/default.jpg', IMG_800, ROOMY, 'full/400,/0/default.jpg'],
  [2, 'full/full/0/default.jpg', IMG_800, ROOMY, 'full/full/0/default.jpg'],
  [2, 'full/max/0/default.jpg', IMG_800, ROOMY, 'full/full/0/default.jpg'],
  [2, 'full/max/0/default.jpg', HUGE, LIMITED, 'full/1732,/0/default.jpg'],
  [2, 'full/400,300/0/default.jpg', IMG_800, ROOMY, 'full/400,/0/default.jpg'],
  [2, 'full/,300/0/default.jpg', IMG_800, ROOMY, 'full/400,/0/default.jpg'],
  [2, 'full/!400,400/0/default.jpg', IMG_800, ROOMY, 'full/400,/0/default.jpg'],
  [2, 'full/400,100/0/default.jpg', IMG_800, ROOMY, 'full/400,100/0/default.jpg'],
  [2, 'full/1600,/0/default.jpg', IMG_800, ROOMY, 'full/1600,/0/default.jpg'],
  [2, 'square/full/0/default.jpg', SQUARE, ROOMY, 'full/full/0/default.jpg'],
  [2, 'square/full/0/default.jpg', SPEC_IMAGE, ROOMY, '50,0,200,200/full/0/default.jpg'],
  [2, 'full/full/!180/gray.png', IMG_800, ROOMY, 'full/full/!180/gray.png'],
];

describe('canonical path', () => {
  it.each(cases)('%i: %s → …', (version, path, image, limits, canonical) => {
    expect(resolvePath(version, path, image, limits).canonical).toBe(canonical);
  });

  it.each(cases)('%i: %s is a fixed point', (version, path, image, limits, canonical) => {
    // Requesting the canonical form gives the same output and the same canonical form.
    const first = resolvePath(version, path, image, limits);
    const again = resolvePath(version, canonical, image, limits);
    expect(again.canonical).toBe(canonical);
    expect([again.region, again.width, again.height]).toEqual([first.region, first.width, first.height]);
  });
});

describe('canonicalUrl', () => {
  it('joins the service id and the path', () => {
    const r = resolvePath(3, 'full/pct:50/0/default.jpg', IMG_800, ROOMY);
    expect(canonicalUrl('http://iiif.example.com/server', r.canonical)).toBe(
      'http://iiif.example.com/server/full/400,300/0/default.jpg',
    );
  });
});
