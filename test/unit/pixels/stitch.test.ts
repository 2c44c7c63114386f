import { describe, expect, it } from 'vitest';
import { solid } from '../../../src/pixels/raster';
import { blitTile, intersect } from '../../../src/pixels/stitch';
import { origin, positional, px } from './helpers';

describe('intersect', () => {
  it.each([
    { a: { x: 0, y: 0, w: 4, h: 4 }, b: { x: 2, y: 3, w: 4, h: 4 }, out: { x: 2, y: 3, w: 2, h: 1 } },
    { a: { x: 0, y: 0, w: 4, h: 4 }, b: { x: 4, y: 0, w: 4, h: 4 }, out: null },
    { a: { x: 1, y: 1, w: 2, h: 2 }, b: { x: 0, y: 0, w: 9, h: 9 }, out: { x: 1, y: 1, w: 2, h: 2 } },
  ])('$a ∩ $b', ({ a, b, out }) => {
    expect(intersect(a, b)).toEqual(out);
  });
});

// A 7×5 level tiled 4×4: tiles (0,0) 4×4, (1,0) 3×4 real of 4×4, (0,1) 4×1, (1,1) 3×1 real.
describe('blitTile with padded edge tiles', () => {
  const level = { w: 7, h: 5, tile: 4 };
  const tiles = [
    { col: 0, row: 0 },
    { col: 1, row: 0 },
    { col: 0, row: 1 },
    { col: 1, row: 1 },
  ];

  it.each([
    { name: 'whole level', crop: { x: 0, y: 0, w: 7, h: 5 } },
    { name: 'across all four tiles', crop: { x: 2, y: 3, w: 4, h: 2 } },
    { name: 'inside the right edge tile', crop: { x: 5, y: 1, w: 2, h: 2 } },
  ])('$name', ({ crop }) => {
    const target = solid(crop.w, crop.h, [255, 255, 255]);
    for (const t of tiles) {
      // Each tile's pixel (x, y) holds its level position (tx + x, ty + y); padding is poisoned with 99.
      const tile = positional(level.tile, level.tile);
      const at = {
        x: t.col * level.tile,
        y: t.row * level.tile,
        w: Math.min(level.tile, level.w - t.col * level.tile),
        h: Math.min(level.tile, level.h - t.row * level.tile),
      };
      for (let y = 0; y < level.tile; y++) {
        for (let x = 0; x < level.tile; x++) {
          const i = (y * level.tile + x) * 4;
          const pad = x >= at.w || y >= at.h;
          tile.data.set(pad ? [99, 99, 99, 255] : [at.x + x, at.y + y], i);
        }
      }
      blitTile(tile, at, target, crop);
    }
    for (let y = 0; y < crop.h; y++) {
      for (let x = 0; x < crop.w; x++) expect(origin(target, x, y)).toEqual([crop.x + x, crop.y + y]);
    }
  });

  it('leaves the target untouched where the tile does not reach', () => {
    const target = solid(2, 2, [255, 255, 255]);
    blitTile(positional(4, 4), { x: 4, y: 0, w: 4, h: 4 }, target, { x: 0, y: 0, w: 2, h: 2 });
    expect(px(target, 1, 1)).toEqual([255, 255, 255, 255]);
  });
});
