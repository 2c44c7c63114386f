/** The benchmark's logical requests (scripts/bench/requests.ts): URL paths per API version, expected sizes. */
import { describe, expect, it } from 'vitest';
import { expectedSize, iiifPath, type LogicalRequest } from '../../../scripts/bench/requests';

const base = { image: 'master', rotation: 0, quality: 'default', format: 'jpg' } as const;
const IMAGE = { width: 16000, height: 12000 };

describe('expectedSize (Image API 3.0 §4.1–4.3)', () => {
  it.each<{ name: string; r: LogicalRequest; want: { width: number; height: number; tolerance: number } }>([
    { name: 'full max', r: { ...base, region: 'full', size: { kind: 'max' } }, want: { width: 16000, height: 12000, tolerance: 1 } },
    { name: 'full !200,200 (fit)', r: { ...base, region: 'full', size: { kind: 'fit', w: 200, h: 200 } }, want: { width: 200, height: 150, tolerance: 1 } },
    { name: 'full ,150', r: { ...base, region: 'full', size: { kind: 'h', h: 150 } }, want: { width: 200, height: 150, tolerance: 1 } },
    { name: 'region w,', r: { ...base, region: { x: 10, y: 20, w: 1001, h: 333 }, size: { kind: 'w', w: 500 } }, want: { width: 500, height: 166, tolerance: 1 } },
    { name: 'w,h distorts', r: { ...base, region: { x: 0, y: 0, w: 300, h: 300 }, size: { kind: 'wh', w: 100, h: 50 } }, want: { width: 100, height: 50, tolerance: 1 } },
    { name: 'region clipped at the right edge', r: { ...base, region: { x: 15900, y: 0, w: 400, h: 100 }, size: { kind: 'max' } }, want: { width: 100, height: 100, tolerance: 1 } },
    { name: 'pct: region and pct: size round twice', r: { ...base, region: { pct: [10, 20, 5, 5] }, size: { kind: 'pct', n: 33 } }, want: { width: 264, height: 198, tolerance: 2 } },
    { name: 'rotation 90 swaps', r: { ...base, rotation: 90, region: { x: 0, y: 0, w: 400, h: 100 }, size: { kind: 'w', w: 200 } }, want: { width: 50, height: 200, tolerance: 1 } },
  ])('$name', ({ r, want }) => {
    expect(expectedSize(r, IMAGE)).toEqual(want);
  });
});

describe('iiifPath', () => {
  const r: LogicalRequest = { ...base, image: 'a/b', region: { x: 1, y: 2, w: 3, h: 4 }, size: { kind: 'fit', w: 5, h: 6 }, quality: 'gray', format: 'png' };
  it.each([
    { name: 'v3 full max', r: { ...base, region: 'full' as const, size: { kind: 'max' as const } }, api: 3 as const, want: 'master/full/max/0/default.jpg' },
    { name: 'v2 says full for max', r: { ...base, region: 'full' as const, size: { kind: 'max' as const } }, api: 2 as const, want: 'master/full/full/0/default.jpg' },
    { name: 'identifier encoded, region, !w,h, quality, format', r, api: 3 as const, want: 'a%2Fb/1,2,3,4/!5,6/0/gray.png' },
    { name: 'pct: both', r: { ...base, region: { pct: [1, 2, 3, 4] as const }, size: { kind: 'pct' as const, n: 50 }, rotation: 90 as const }, api: 2 as const, want: 'master/pct:1,2,3,4/pct:50/90/default.jpg' },
    { name: 'w, and ,h', r: { ...base, region: 'full' as const, size: { kind: 'h' as const, h: 150 } }, api: 3 as const, want: 'master/full/,150/0/default.jpg' },
  ])('$name', ({ r, api, want }) => {
    expect(iiifPath(r, r.image, api)).toBe(want);
  });

  it('a substituted format replaces the request one', () => {
    expect(iiifPath(r, 'x.tif', 2, 'jpg')).toBe('x.tif/1,2,3,4/!5,6/0/gray.jpg');
  });
});
