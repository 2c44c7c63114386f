/**
 * Resolution tables: a request path `{region}/{size}/{rotation}/{quality}.{format}` on an image of a given
 * size, under given limits, and what it must resolve to (region rectangle, output size) or the status it must
 * fail with. Most geometry comes from the worked examples of Image API 3.0 §4.1–4.2 and 2.1 §4.1–4.2, which
 * use a 300×200 image.
 */
import type { Limits } from '../../../src/config';
import type { ApiVersion } from '../../../src/iiif/types';

export interface ImageCase {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

export type Outcome =
  | { readonly region: readonly [number, number, number, number]; readonly size: readonly [number, number] }
  | { readonly status: 400 | 501 };

export type ResolveCase = readonly [label: string, version: ApiVersion, path: string, image: ImageCase, limits: Limits, outcome: Outcome];

export const SPEC_IMAGE: ImageCase = { width: 300, height: 200, channels: 3 };
export const PORTRAIT: ImageCase = { width: 200, height: 300, channels: 3 };
export const ROOMY: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 100_000_000 };
/** 3.0 §4.2 example 1: "Assuming that the image has a maxWidth of 200px" (maxHeight defaults to maxWidth). */
export const MAX_200: Limits = { maxWidth: 200, maxHeight: 200, maxArea: 100_000_000 };
/** 3.0 §4.2 upscaling examples: "Assuming that the image has a maxWidth of 360px". */
export const MAX_360: Limits = { maxWidth: 360, maxHeight: 360, maxArea: 100_000_000 };
export const AREA_30K: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 30_000 };
export const HEIGHT_100: Limits = { maxWidth: 1000, maxHeight: 100, maxArea: 100_000_000 };

const ok = (x: number, y: number, w: number, h: number, ow: number, oh: number): Outcome => ({
  region: [x, y, w, h],
  size: [ow, oh],
});
const bad: Outcome = { status: 400 };

export const regionResolveCases: readonly ResolveCase[] = [
  ['full', 3, 'full/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 300, 200)],
  ['square, landscape: centred horizontally', 3, 'square/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(50, 0, 200, 200, 200, 200)],
  ['square, portrait: centred vertically', 3, 'square/max/0/default.jpg', PORTRAIT, ROOMY, ok(0, 50, 200, 200, 200, 200)],
  ['square, odd difference rounds down', 3, 'square/max/0/default.jpg', { width: 301, height: 200, channels: 3 }, ROOMY, ok(50, 0, 200, 200, 200, 200)],
  ['pixels, §4.1 example 3', 3, '125,15,120,140/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(125, 15, 120, 140, 120, 140)],
  ['percent, §4.1 example 4', 3, 'pct:41.6,7.5,40,70/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(125, 15, 120, 140, 120, 140)],
  ['pixels partly outside, §4.1 example 5 (175,185)', 3, '125,15,200,200/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(125, 15, 175, 185, 175, 185)],
  ['percent partly outside, §4.1 example 6 (175,185)', 3, 'pct:41.6,7.5,66.6,100/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(125, 15, 175, 185, 175, 185)],
  ['percent edges round half up', 3, 'pct:0.5,0.25,50,50/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(2, 1, 150, 100, 150, 100)],
  ['percent beyond 100 is cropped', 3, 'pct:0,0,200,200/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 300, 200)],
  ['last pixel', 3, '299,199,10,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(299, 199, 1, 1, 1, 1)],
  ['x at the width is outside', 3, '300,0,10,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['y at the height is outside', 3, '0,200,10,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['far outside', 3, '5000,5000,10,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['zero width', 3, '0,0,0,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['zero height', 2, '0,0,10,0/full/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['percent rounding to zero width', 3, 'pct:0,0,0.1,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['percent zero height', 3, 'pct:0,0,10,0/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['percent starting at 100 is outside', 3, 'pct:100,0,10,10/max/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
];

export const sizeResolveCases: readonly ResolveCase[] = [
  // Image API 3.0 §4.2 examples on the 300×200 image.
  ['3.0 max limited by maxWidth 200', 3, 'full/max/0/default.jpg', SPEC_IMAGE, MAX_200, ok(0, 0, 300, 200, 200, 133)],
  ['3.0 ^max up to maxWidth 360', 3, 'full/^max/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 240)],
  ['3.0 150,', 3, 'full/150,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 150, 100)],
  ['3.0 ^360,', 3, 'full/^360,/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 240)],
  ['3.0 ,150', 3, 'full/,150/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 225, 150)],
  ['3.0 ^,240', 3, 'full/^,240/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 240)],
  ['3.0 pct:50', 3, 'full/pct:50/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 150, 100)],
  ['3.0 ^pct:120', 3, 'full/^pct:120/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 360, 240)],
  ['3.0 225,100 distorts', 3, 'full/225,100/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 225, 100)],
  ['3.0 ^360,360 distorts', 3, 'full/^360,360/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 360)],
  ['3.0 !225,100 → 150,100', 3, 'full/!225,100/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 150, 100)],
  ['3.0 ^!360,360 → 360,240', 3, 'full/^!360,360/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 240)],
  // Upscaling rules (3.0 §4.2 and change log §1.1.2).
  ['3.0 max never upscales', 3, '0,0,30,20/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 30, 20, 30, 20)],
  ['3.0 w, above the region needs ^', 3, 'full/301,/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['3.0 ,h above the region needs ^', 3, 'full/,201/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['3.0 pct above 100 needs ^', 3, 'full/pct:101/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['3.0 pct above 100 needs ^ even when rounding hides it', 3, '0,0,1,1/pct:120/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['3.0 w,h with one side above needs ^', 3, 'full/300,201/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['3.0 ^w, rounds the other side', 3, 'full/^301,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 301, 201)],
  ['3.0 ^ without upscaling is fine', 3, 'full/^150,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 150, 100)],
  ['3.0 !w,h is capped at the region', 3, 'full/!500,500/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 300, 200)],
  ['3.0 ^!w,h is capped at the limits', 3, 'full/^!500,500/0/default.jpg', SPEC_IMAGE, MAX_360, ok(0, 0, 300, 200, 360, 240)],
  ['3.0 !w,h is capped at the limits', 3, 'full/!300,300/0/default.jpg', SPEC_IMAGE, MAX_200, ok(0, 0, 300, 200, 200, 133)],
  // Rounding and sizes below one pixel (3.0 §4.2: "MUST NOT be less than 1 pixel").
  ['w, rounds half up', 3, 'full/151,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 151, 101)],
  [',h rounds to nearest', 3, 'full/,101/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 152, 101)],
  ['1, keeps one pixel', 3, 'full/1,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 1, 1)],
  ['w, whose height rounds to 0', 3, 'full/10,/0/default.jpg', { width: 1000, height: 1, channels: 3 }, ROOMY, bad],
  ['0,', 3, 'full/0,/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['pct:0', 3, 'full/pct:0/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  ['!0,10', 3, 'full/!0,10/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
  // Limits (3.0 §4.2, §5.2): max shrinks, explicit sizes above the limits are 400.
  ['max shrinks to maxArea, rounding down', 3, 'full/max/0/default.jpg', SPEC_IMAGE, AREA_30K, ok(0, 0, 300, 200, 212, 141)],
  ['max shrinks to maxHeight', 3, 'full/max/0/default.jpg', SPEC_IMAGE, HEIGHT_100, ok(0, 0, 300, 200, 150, 100)],
  ['^max on a small region stops at maxArea', 3, '0,0,30,20/^max/0/default.jpg', SPEC_IMAGE, AREA_30K, ok(0, 0, 30, 20, 212, 141)],
  ['w, above maxWidth', 3, 'full/250,/0/default.jpg', SPEC_IMAGE, MAX_200, bad],
  ['^w, above maxWidth', 3, 'full/^361,/0/default.jpg', SPEC_IMAGE, MAX_360, bad],
  ['w,h above maxArea', 3, 'full/200,200/0/default.jpg', SPEC_IMAGE, AREA_30K, bad],
  [',h above maxHeight', 3, 'full/,150/0/default.jpg', SPEC_IMAGE, HEIGHT_100, bad],
  // Image API 2.1 §4.2: `full`, implicit upscaling, the same limits.
  ['2.1 full', 2, 'full/full/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 300, 200)],
  ['2.1 full under a limit is served as max', 2, 'full/full/0/default.jpg', SPEC_IMAGE, MAX_200, ok(0, 0, 300, 200, 200, 133)],
  ['2.1 max', 2, 'full/max/0/default.jpg', SPEC_IMAGE, MAX_200, ok(0, 0, 300, 200, 200, 133)],
  ['2.1 max never upscales', 2, '0,0,30,20/max/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 30, 20, 30, 20)],
  ['2.1 w, may upscale', 2, 'full/400,/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 400, 267)],
  ['2.1 pct:150', 2, 'full/pct:150/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 450, 300)],
  ['2.1 !w,h fits the box, upscaling', 2, 'full/!600,600/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 600, 400)],
  ['2.1 !225,100 → 150,100', 2, 'full/!225,100/0/default.jpg', SPEC_IMAGE, ROOMY, ok(0, 0, 300, 200, 150, 100)],
  ['2.1 w, above maxWidth', 2, 'full/400,/0/default.jpg', SPEC_IMAGE, MAX_360, bad],
  ['2.1 0,', 2, 'full/0,/0/default.jpg', SPEC_IMAGE, ROOMY, bad],
];

export const rotationResolveCases: readonly [raw: string, outcome: { mirror: boolean; degrees: number } | { status: 400 }][] = [
  ['0', { mirror: false, degrees: 0 }],
  ['90', { mirror: false, degrees: 90 }],
  ['180', { mirror: false, degrees: 180 }],
  ['270', { mirror: false, degrees: 270 }],
  ['360', { mirror: false, degrees: 0 }],
  ['90.00', { mirror: false, degrees: 90 }],
  ['!0', { mirror: true, degrees: 0 }],
  ['!270', { mirror: true, degrees: 270 }],
  ['!360', { mirror: true, degrees: 0 }],
  ['22.5', { status: 400 }],
  ['45', { status: 400 }],
  ['359', { status: 400 }],
  ['!0.5', { status: 400 }],
];

export const qualityResolveCases: readonly [quality: string, channels: 1 | 3, resolved: 'color' | 'gray' | 'bitonal'][] = [
  ['default', 3, 'color'],
  ['color', 3, 'color'],
  ['gray', 3, 'gray'],
  ['bitonal', 3, 'bitonal'],
  ['default', 1, 'gray'],
  // 3.0 §4.4: a request for `color` "MUST NOT result in an error" on an image without colour.
  ['color', 1, 'gray'],
  ['gray', 1, 'gray'],
  ['bitonal', 1, 'bitonal'],
];
