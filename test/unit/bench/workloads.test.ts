/**
 * The benchmark's workloads (scripts/bench/workloads.ts): OpenSeadragon's tile URLs for a known image,
 * counted level by level, and the seeded generators' determinism and bounds.
 */
import { describe, expect, it } from 'vitest';
import { expectedSize } from '../../../scripts/bench/requests';
import { deepZoom, oddRequests, openSeadragonTiles, thumbnails, type TileInfo } from '../../../scripts/bench/workloads';

/** Tiles of a 256-px grid over every level k (ceil(W/2^k) × ceil(H/2^k)), as counted by hand. */
const gridCount = (w: number, h: number, levels: number) =>
  Array.from({ length: levels }, (_, k) => Math.ceil(Math.ceil(w / 2 ** k) / 256) * Math.ceil(Math.ceil(h / 2 ** k) / 256)).reduce((a, b) => a + b, 0);

function info(width: number, height: number, levels: number, withSizes: boolean): TileInfo {
  const scaleFactors = Array.from({ length: levels }, (_, k) => 2 ** k);
  const sizes = withSizes ? scaleFactors.slice(1).reverse().map((f) => ({ width: Math.ceil(width / f), height: Math.ceil(height / f) })) : [];
  return { width, height, tileWidth: 256, tileHeight: 256, scaleFactors, sizes };
}

describe('openSeadragonTiles', () => {
  it.each([
    { name: 'the bench master 16000×12000, 7 levels', w: 16000, h: 12000, levels: 7, want: 3986 },
    { name: 'page 5000×7000, 6 levels', w: 5000, h: 7000, levels: 6, want: gridCount(5000, 7000, 6) },
    { name: 'chart 1000×700, 3 levels', w: 1000, h: 700, levels: 3, want: 12 + 4 + 1 },
  ])('$name: $want tiles, with or without sizes', ({ w, h, levels, want }) => {
    expect(gridCount(w, h, levels)).toBe(want);
    expect(openSeadragonTiles('x', info(w, h, levels, true))).toHaveLength(want);
    expect(openSeadragonTiles('x', info(w, h, levels, false))).toHaveLength(want);
  });

  it('asks the smallest level as the whole image and edge tiles at their real size', () => {
    const tiles = openSeadragonTiles('chart', info(1000, 700, 3, true));
    expect(tiles[0]).toMatchObject({ region: 'full', size: { kind: 'wh', w: 250, h: 175 } });
    // Level 1 (500×350): the bottom-right tile covers 512,512 → 488×188 of the image, 244×94 out.
    expect(tiles).toContainEqual(expect.objectContaining({ region: { x: 512, y: 512, w: 488, h: 188 }, size: { kind: 'wh', w: 244, h: 94 } }));
    // Full resolution: a 256-px region at 256-px size, and the last column 1000 − 768 = 232 wide.
    expect(tiles).toContainEqual(expect.objectContaining({ region: { x: 256, y: 256, w: 256, h: 256 }, size: { kind: 'wh', w: 256, h: 256 } }));
    expect(tiles).toContainEqual(expect.objectContaining({ region: { x: 768, y: 512, w: 232, h: 188 }, size: { kind: 'wh', w: 232, h: 188 } }));
  });

  it('deepZoom samples the same set for the same seed, and the rest warms up', () => {
    const i = info(1000, 700, 3, true);
    const a = deepZoom('chart', i, 10, 7);
    expect(deepZoom('chart', i, 10, 7)).toEqual(a);
    expect(a.main).toHaveLength(10);
    expect(a.warmup).toHaveLength(7);
    expect(deepZoom('chart', i, 10, 8).main).not.toEqual(a.main);
  });
});

describe('thumbnails', () => {
  it('asks !200,200 and ,150 once per identifier', () => {
    const w = thumbnails(['a', 'b', 'c'], ['z'], 1);
    expect(w.main).toHaveLength(6);
    expect(w.main.filter((r) => r.image === 'b').map((r) => r.size)).toEqual(expect.arrayContaining([{ kind: 'fit', w: 200, h: 200 }, { kind: 'h', h: 150 }]));
    expect(w.warmup).toEqual([expect.objectContaining({ image: 'z', size: { kind: 'w', w: 100 } })]);
  });
});

describe('oddRequests', () => {
  const images = { master: { width: 16000, height: 12000 }, page: { width: 5000, height: 7000 } };
  const options = { count: 300, seed: 3, maxSide: 1000, maxArea: 786432, png: true };

  it('is the same for the same seed', () => {
    expect(oddRequests(images, options)).toEqual(oddRequests(images, options));
  });

  it('stays within maxSide and maxArea, never enlarges, and mixes rotations, qualities and formats', () => {
    const { main } = oddRequests(images, options);
    for (const r of main) {
      const e = expectedSize(r, images[r.image as keyof typeof images]);
      expect(Math.max(e.width, e.height)).toBeLessThanOrEqual(1000 + e.tolerance);
      expect(e.width * e.height).toBeLessThanOrEqual(786432);
    }
    expect(main.some((r) => r.rotation === 90) && main.some((r) => r.quality === 'gray') && main.some((r) => r.format === 'png')).toBe(true);
    expect(oddRequests(images, { ...options, png: false }).main.every((r) => r.format === 'jpg')).toBe(true);
  });
});
