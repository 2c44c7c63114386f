/**
 * Grammar tables for the four image-request components, per API version: each raw value with either the
 * parsed value or the HTTP status it must fail with. Sources: Image API 3.0 §4.1–4.5 and §4.7, 2.1 §4.1–4.5,
 * 3.0 change log §1.1.1 (size `full` removed). Semantic checks (region on the image, upscaling, limits,
 * supported angles) are in resolve-cases.ts because they need an image.
 */
import type { ApiVersion, Format, Quality, RegionSpec, RotationSpec, SizeSpec } from '../../../src/iiif/types';

export type Expect<T> = { readonly value: T } | { readonly status: 400 };

const bad = { status: 400 } as const;

export const regionCases: readonly [string, Expect<RegionSpec>][] = [
  ['full', { value: { kind: 'full' } }],
  ['square', { value: { kind: 'square' } }],
  ['125,15,120,140', { value: { kind: 'pixels', x: 125, y: 15, w: 120, h: 140 } }],
  ['0,0,1,1', { value: { kind: 'pixels', x: 0, y: 0, w: 1, h: 1 } }],
  // Zero sizes are well-formed; resolve refuses them (3.0 §4.1).
  ['0,0,0,10', { value: { kind: 'pixels', x: 0, y: 0, w: 0, h: 10 } }],
  // Leading zeros: the spec only asks for non-negative integers.
  ['007,0,10,10', { value: { kind: 'pixels', x: 7, y: 0, w: 10, h: 10 } }],
  ['pct:41.6,7.5,40,70', { value: { kind: 'percent', x: 41.6, y: 7.5, w: 40, h: 70 } }],
  ['pct:0,0,100,100', { value: { kind: 'percent', x: 0, y: 0, w: 100, h: 100 } }],
  // §4.7: the leading 0 and the absence of trailing zeros are SHOULDs, so tolerated.
  ['pct:.5,0.50,10,10', { value: { kind: 'percent', x: 0.5, y: 0.5, w: 10, h: 10 } }],
  ['Full', bad],
  ['', bad],
  ['1,2,3', bad],
  ['1,2,3,4,5', bad],
  ['1,2,3,', bad],
  ['-1,0,10,10', bad],
  ['+1,0,10,10', bad],
  ['1.5,0,10,10', bad],
  ['1e3,0,10,10', bad],
  [' 1,0,10,10', bad],
  ['0,0,10,99999999999999999999', bad],
  ['pct:1.,0,10,10', bad],
  ['pct:1e2,0,10,10', bad],
  ['pct:-5,0,10,10', bad],
  ['pct:10,10,10', bad],
  ['pct:', bad],
  ['pixels:0,0,1,1', bad],
  ['square:1', bad],
];

export const size3Cases: readonly [string, Expect<SizeSpec>][] = [
  ['max', { value: { kind: 'max', upscale: false } }],
  ['^max', { value: { kind: 'max', upscale: true } }],
  ['150,', { value: { kind: 'width', w: 150, upscale: false } }],
  ['^360,', { value: { kind: 'width', w: 360, upscale: true } }],
  [',150', { value: { kind: 'height', h: 150, upscale: false } }],
  ['^,240', { value: { kind: 'height', h: 240, upscale: true } }],
  ['pct:50', { value: { kind: 'percent', n: 50, upscale: false } }],
  ['^pct:120.5', { value: { kind: 'percent', n: 120.5, upscale: true } }],
  ['225,100', { value: { kind: 'exact', w: 225, h: 100, upscale: false } }],
  ['^360,360', { value: { kind: 'exact', w: 360, h: 360, upscale: true } }],
  ['!225,100', { value: { kind: 'fit', w: 225, h: 100, upscale: false } }],
  ['^!360,360', { value: { kind: 'fit', w: 360, h: 360, upscale: true } }],
  ['0,', { value: { kind: 'width', w: 0, upscale: false } }],
  ['full', bad],
  ['^full', bad],
  ['Max', bad],
  ['max,', bad],
  [',', bad],
  ['^', bad],
  ['^^max', bad],
  ['!^225,100', bad],
  ['!225,', bad],
  ['!,100', bad],
  ['1,2,3', bad],
  ['-1,', bad],
  ['1.5,', bad],
  ['150', bad],
  ['pct:', bad],
  ['pct:-1', bad],
  ['pct:1e2', bad],
  ['pct:50,', bad],
  // The `,^240` of the spec's example table is a typo for `^,240`, not a valid form.
  [',^240', bad],
];

export const size2Cases: readonly [string, Expect<SizeSpec>][] = [
  ['full', { value: { kind: 'max', upscale: false } }],
  ['max', { value: { kind: 'max', upscale: false } }],
  ['150,', { value: { kind: 'width', w: 150, upscale: false } }],
  [',150', { value: { kind: 'height', h: 150, upscale: false } }],
  ['pct:50', { value: { kind: 'percent', n: 50, upscale: false } }],
  ['pct:150', { value: { kind: 'percent', n: 150, upscale: false } }],
  ['225,100', { value: { kind: 'exact', w: 225, h: 100, upscale: false } }],
  ['!225,100', { value: { kind: 'fit', w: 225, h: 100, upscale: false } }],
  ['^max', bad],
  ['^150,', bad],
  ['^pct:50', bad],
  ['^!225,100', bad],
  ['Full', bad],
  [',', bad],
  ['!225,', bad],
  ['150', bad],
];

export const rotationCases: readonly [string, Expect<RotationSpec>][] = [
  ['0', { value: { mirror: false, degrees: 0 } }],
  ['90', { value: { mirror: false, degrees: 90 } }],
  ['!0', { value: { mirror: true, degrees: 0 } }],
  ['!180', { value: { mirror: true, degrees: 180 } }],
  ['360', { value: { mirror: false, degrees: 360 } }],
  ['22.5', { value: { mirror: false, degrees: 22.5 } }],
  ['90.0', { value: { mirror: false, degrees: 90 } }],
  ['.5', { value: { mirror: false, degrees: 0.5 } }],
  ['360.5', bad],
  ['361', bad],
  ['-90', bad],
  ['+90', bad],
  ['90.', bad],
  ['9e1', bad],
  ['', bad],
  ['!', bad],
  ['!!90', bad],
  ['90!', bad],
  [' 90', bad],
  ['abcd', bad],
];

export const qualityFormatCases: readonly [string, Expect<{ quality: Quality; format: Format }>][] = [
  ['default.jpg', { value: { quality: 'default', format: 'jpg' } }],
  ['color.png', { value: { quality: 'color', format: 'png' } }],
  ['gray.webp', { value: { quality: 'gray', format: 'webp' } }],
  ['bitonal.jpg', { value: { quality: 'bitonal', format: 'jpg' } }],
  // Image API 1.x spelling, not 2.x/3.0.
  ['grey.jpg', bad],
  ['native.jpg', bad],
  ['Default.jpg', bad],
  ['default.JPG', bad],
  ['default.jpeg', bad],
  // In the spec's format table but not produced here: 400 per 3.0 §4.5 / 2.1 §4.5.
  ['default.tif', bad],
  ['default.gif', bad],
  ['default.jp2', bad],
  ['default.pdf', bad],
  ['default', bad],
  ['default.', bad],
  ['.jpg', bad],
  ['default.jpg.png', bad],
];

/** Version-independent components run under both versions. */
export const VERSIONS: readonly ApiVersion[] = [2, 3];
