/**
 * Planner tables: a synthetic pyramid, an Image API request path, and the plan expected from it. The
 * requests are what viewers send: IIIF tiles at scale factor s are region (col·t·s, row·t·s, t·s, t·s)
 * clipped, at size t (edge tiles rounded up), per the 3.0 implementation notes §3.
 */
import type { Limits } from '../../../src/config';
import type { SyntheticOptions } from './synthetic-pyramid';

export const ROOMY: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 100_000_000 };

export interface PlanExpect {
  readonly kind: 'passthrough' | 'transcode';
  readonly level: number;
  /** [col, row] of the covering tiles, row-major. */
  readonly tiles?: readonly (readonly [number, number])[];
  readonly crop?: readonly [number, number, number, number];
  readonly mosaic?: readonly [number, number, number, number];
  readonly size?: readonly [number, number];
  readonly reason?: RegExp;
}

export type PlanCase = readonly [label: string, pyramid: SyntheticOptions, path: string, expected: PlanExpect];

const BIG: SyntheticOptions = { width: 8000, height: 4500 };
const ODD: SyntheticOptions = { width: 8001, height: 4501 };
const ODD_FLOOR: SyntheticOptions = { width: 8001, height: 4501, rounding: 'floor' };

export const levelCases: readonly PlanCase[] = [
  ['full/max at full size → level 0', { width: 600, height: 400 }, 'full/max/0/default.jpg', { kind: 'transcode', level: 0 }],
  ['exactly half → level 1', BIG, 'full/4000,/0/default.jpg', { kind: 'transcode', level: 1, crop: [0, 0, 4000, 2250] }],
  ['exactly a quarter → level 2', BIG, 'full/2000,/0/default.jpg', { kind: 'transcode', level: 2, crop: [0, 0, 2000, 1125] }],
  ['just above a quarter → level 1', BIG, 'full/2001,/0/default.jpg', { kind: 'transcode', level: 1 }],
  ['just below a quarter → level 2', BIG, 'full/1999,/0/default.jpg', { kind: 'transcode', level: 2 }],
  ['one pixel of output → the smallest level', BIG, 'full/1,/0/default.jpg', { kind: 'transcode', level: 5, size: [1, 1] }],
  ['a 1024 px region at 256 → level 2', BIG, '0,0,1024,1024/256,/0/default.jpg', { kind: 'passthrough', level: 2 }],
  ['a 1023 px region at 256 (scale just above ¼) → level 2', BIG, '0,0,1023,1023/256,/0/default.jpg', { kind: 'transcode', level: 2, crop: [0, 0, 256, 256] }],
  ['a 1024 px region at 257 → level 1', BIG, '0,0,1024,1024/257,/0/default.jpg', { kind: 'transcode', level: 1, crop: [0, 0, 512, 512] }],
  ['upscaling uses level 0', { width: 600, height: 400 }, 'full/^1200,/0/default.jpg', { kind: 'transcode', level: 0, crop: [0, 0, 600, 400] }],
  ['distorting w,h: each dimension must keep its resolution', BIG, 'full/4000,100/0/default.jpg', { kind: 'transcode', level: 1 }],
];

export const tileCases: readonly PlanCase[] = [
  ['interior tile at scale factor 4', BIG, '3072,2048,1024,1024/256,256/0/default.jpg', { kind: 'passthrough', level: 2, tiles: [[3, 2]], crop: [768, 512, 256, 256], size: [256, 256] }],
  ['interior tile at full resolution', BIG, '512,256,256,256/256,256/0/default.jpg', { kind: 'passthrough', level: 0, tiles: [[2, 1]] }],
  ['right-edge tile of partial width is transcoded', BIG, '7936,0,64,256/64,256/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[31, 0]], crop: [7936, 0, 64, 256], mosaic: [7936, 0, 64, 256], reason: /right-edge tile of partial width/ }],
  ['bottom-edge tile passes through at its real height', BIG, '0,4352,256,148/256,148/0/default.jpg', { kind: 'passthrough', level: 0, tiles: [[0, 17]], size: [256, 148] }],
  ['corner tile (partial both ways) is transcoded', BIG, '7936,4352,64,148/64,148/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[31, 17]], reason: /right-edge/ }],
  ['odd ceil pyramid: edge tile at scale factor 2 is one stored tile', ODD, '7680,4096,321,405/161,203/0/default.jpg', { kind: 'transcode', level: 1, tiles: [[15, 8]], crop: [3840, 2048, 161, 203], reason: /right-edge/ }],
  ['odd ceil pyramid: bottom tile at scale factor 2 passes through', ODD, '0,4096,512,405/256,203/0/default.jpg', { kind: 'passthrough', level: 1, tiles: [[0, 8]], size: [256, 203] }],
  ['odd ceil pyramid: interior tile at scale factor 8', ODD, '2048,2048,2048,2048/256,256/0/default.jpg', { kind: 'passthrough', level: 3, tiles: [[1, 1]] }],
  ['a region across four tiles', BIG, '200,200,100,100/max/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[0, 0], [1, 0], [0, 1], [1, 1]], crop: [200, 200, 100, 100], mosaic: [0, 0, 512, 512], reason: /covers 4 tiles/ }],
  ['a region on tile boundaries covers exactly its tiles', BIG, '256,256,512,256/max/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[1, 1], [2, 1]], mosaic: [256, 256, 512, 256] }],
  ['pct region rounds onto the level', { width: 1000, height: 1000 }, 'pct:10,10,30,30/150,/0/default.jpg', { kind: 'transcode', level: 1, crop: [50, 50, 150, 150], tiles: [[0, 0]] }],
  ['a region inside one tile but not the whole tile', BIG, '10,10,100,100/max/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[0, 0]], reason: /not exactly one stored tile/ }],
  ['a whole tile scaled down', BIG, '0,0,256,256/128,/0/default.jpg', { kind: 'transcode', level: 1, reason: /not exactly one stored tile/ }],
];

export const roundingCases: readonly PlanCase[] = [
  ['floor pyramid: interior tile at scale factor 2 is one stored tile', ODD_FLOOR, '1536,1024,512,512/256,256/0/default.jpg', { kind: 'passthrough', level: 1, tiles: [[3, 2]], crop: [768, 512, 256, 256] }],
  ['floor pyramid: interior tile at scale factor 16', ODD_FLOOR, '0,0,4096,4096/256,256/0/default.jpg', { kind: 'passthrough', level: 4, tiles: [[0, 0]] }],
  ['floor pyramid: edge tile stays on its level, one pixel short', ODD_FLOOR, '7680,0,321,512/161,256/0/default.jpg', { kind: 'transcode', level: 1, tiles: [[15, 0]], crop: [3840, 0, 160, 256] }],
  ['floor pyramid: full/max of a level size', ODD_FLOOR, 'full/2000,/0/default.jpg', { kind: 'transcode', level: 2, crop: [0, 0, 2000, 1125] }],
];

export const smallCases: readonly PlanCase[] = [
  ['1×1 image', { width: 1, height: 1 }, 'full/max/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[0, 0]], crop: [0, 0, 1, 1], mosaic: [0, 0, 1, 1], size: [1, 1], reason: /right-edge/ }],
  ['257×257: full at full size covers 2×2 tiles', { width: 257, height: 257 }, 'full/max/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[0, 0], [1, 0], [0, 1], [1, 1]], mosaic: [0, 0, 257, 257] }],
  ['257×257: the 129 px level is one tile', { width: 257, height: 257 }, 'full/129,/0/default.jpg', { kind: 'transcode', level: 1, tiles: [[0, 0]], crop: [0, 0, 129, 129] }],
  ['257×257: first tile passes through', { width: 257, height: 257 }, '0,0,256,256/256,/0/default.jpg', { kind: 'passthrough', level: 0, tiles: [[0, 0]] }],
  ['257×257: one-pixel-wide right column', { width: 257, height: 257 }, '256,0,1,256/1,256/0/default.jpg', { kind: 'transcode', level: 0, tiles: [[1, 0]], crop: [256, 0, 1, 256] }],
  ['257×257: one-pixel-high bottom row passes through', { width: 257, height: 257 }, '0,256,256,1/256,1/0/default.jpg', { kind: 'passthrough', level: 0, tiles: [[0, 1]], size: [256, 1] }],
  ['tile 512: interior tile at scale factor 2', { width: 3000, height: 2000, tile: 512 }, '1024,1024,1024,976/512,488/0/default.jpg', { kind: 'passthrough', level: 1, tiles: [[1, 1]], size: [512, 488] }],
  ['tile 512: the smallest level', { width: 3000, height: 2000, tile: 512 }, 'full/375,/0/default.jpg', { kind: 'transcode', level: 3, tiles: [[0, 0]], crop: [0, 0, 375, 250] }],
];

const TILE = '512,256,256,256/256,256/0';
export const passthroughCases: readonly PlanCase[] = [
  ['default jpg passes through', BIG, `${TILE}/default.jpg`, { kind: 'passthrough', level: 0 }],
  ['color jpg passes through', BIG, `${TILE}/color.jpg`, { kind: 'passthrough', level: 0 }],
  ['png is encoded', BIG, `${TILE}/default.png`, { kind: 'transcode', level: 0, reason: /format png/ }],
  ['webp is encoded', BIG, `${TILE}/default.webp`, { kind: 'transcode', level: 0, reason: /format webp/ }],
  ['gray of a colour source', BIG, `${TILE}/gray.jpg`, { kind: 'transcode', level: 0, reason: /quality gray on a color source/ }],
  ['bitonal', BIG, `${TILE}/bitonal.jpg`, { kind: 'transcode', level: 0, reason: /quality bitonal/ }],
  ['rotation', BIG, '512,256,256,256/256,256/90/default.jpg', { kind: 'transcode', level: 0, reason: /rotation/ }],
  ['mirroring', BIG, '512,256,256,256/256,256/!0/default.jpg', { kind: 'transcode', level: 0, reason: /mirroring/ }],
  ['grey source, gray', { ...BIG, channels: 1 }, `${TILE}/gray.jpg`, { kind: 'passthrough', level: 0 }],
  ['grey source, default', { ...BIG, channels: 1 }, `${TILE}/default.jpg`, { kind: 'passthrough', level: 0 }],
  ['grey source, color (the same pixels)', { ...BIG, channels: 1 }, `${TILE}/color.jpg`, { kind: 'passthrough', level: 0 }],
  ['deflate tiles', { ...BIG, compression: 'deflate' }, `${TILE}/default.jpg`, { kind: 'transcode', level: 0, reason: /deflate/ }],
  ['sparse tile', { ...BIG, sparse: ['0:34'] }, `${TILE}/default.jpg`, { kind: 'transcode', level: 0, reason: /sparse/ }],
];
