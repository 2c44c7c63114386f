import { describe, expect, it } from 'vitest';
import type { Limits } from '../../../src/config';
import { DEFAULT_LIMITS } from '../../../src/config';
import { HttpError } from '../../../src/errors';
import { parseImageRequest } from '../../../src/iiif/parse-request';
import { resolveRequest } from '../../../src/iiif/resolve';
import { MOSAIC_MAX_PIXELS, planRender } from '../../../src/plan/plan-render';
import type { RenderPlan } from '../../../src/plan/types';
import type { PyramidIndex } from '../../../src/tiff/pyramid';
import type { PlanCase } from './plan-cases';
import { ROOMY, levelCases, passthroughCases, roundingCases, smallCases, tileCases } from './plan-cases';
import type { SyntheticOptions } from './synthetic-pyramid';
import { syntheticPyramid } from './synthetic-pyramid';

/** Fixed here rather than taken from DEFAULT_LIMITS, which operators tune. */
const LIMITED: Limits = { maxWidth: 2048, maxHeight: 2048, maxArea: 2_250_000 };

function plan(index: PyramidIndex, path: string, limits: Limits = ROOMY, mosaicMaxPixels?: number): RenderPlan {
  const [region, size, rotation, qf] = path.split('/') as [string, string, string, string];
  const resolved = resolveRequest(parseImageRequest(3, 'id', region, size, rotation, qf), index, limits);
  return planRender(resolved, index, { mosaicMaxPixels });
}

const rect = (r: { x: number; y: number; w: number; h: number }) => [r.x, r.y, r.w, r.h];

function check([, pyramid, path, want]: PlanCase): void {
  const index = syntheticPyramid(pyramid);
  const p = plan(index, path);
  expect(p.kind).toBe(want.kind);
  expect(p.level).toBe(want.level);
  if (want.size) expect([p.width, p.height]).toEqual(want.size);
  if (p.kind === 'passthrough') {
    const level = index.levels[p.level]!;
    if (want.tiles) expect([[p.tile.col, p.tile.row]]).toEqual(want.tiles);
    expect(p.tile.index).toBe(p.tile.row * level.tilesAcross + p.tile.col);
    expect(p.runs).toEqual([{ offset: level.tileOffsets[p.tile.index], length: level.tileByteCounts[p.tile.index], tiles: [p.tile] }]);
    return;
  }
  if (want.tiles) expect(p.tiles.map((t) => [t.col, t.row])).toEqual(want.tiles);
  if (want.crop) expect(rect(p.crop)).toEqual(want.crop);
  if (want.mosaic) expect(rect(p.mosaic)).toEqual(want.mosaic);
  if (want.reason) expect(p.reason).toMatch(want.reason);
  // Invariants of every transcode plan: the crop lies in the mosaic, the mosaic in the level.
  const level = index.levels[p.level]!;
  expect(p.crop.x).toBeGreaterThanOrEqual(p.mosaic.x);
  expect(p.crop.y).toBeGreaterThanOrEqual(p.mosaic.y);
  expect(p.crop.x + p.crop.w).toBeLessThanOrEqual(p.mosaic.x + p.mosaic.w);
  expect(p.crop.y + p.crop.h).toBeLessThanOrEqual(p.mosaic.y + p.mosaic.h);
  expect(p.mosaic.x + p.mosaic.w).toBeLessThanOrEqual(level.width);
  expect(p.mosaic.y + p.mosaic.h).toBeLessThanOrEqual(level.height);
}

describe('planRender: level choice', () => {
  it.each(levelCases)('%s', (...c) => check(c));
});

describe('planRender: tile grid, edge tiles and passthrough geometry', () => {
  it.each(tileCases)('%s', (...c) => check(c));
});

describe('planRender: levels with floor rounding', () => {
  it.each(roundingCases)('%s', (...c) => check(c));
});

describe('planRender: tiny images and 512 px tiles', () => {
  it.each(smallCases)('%s', (...c) => check(c));
});

describe('planRender: passthrough only for untouched stored JPEG tiles', () => {
  it.each(passthroughCases)('%s', (...c) => check(c));

  it('carries the request’s output settings into a transcode plan', () => {
    const p = plan(syntheticPyramid({ width: 8000, height: 4500 }), '0,0,512,512/200,/!270/bitonal.webp');
    expect(p.kind === 'transcode' && [p.rotation, p.quality, p.format]).toEqual([
      { mirror: true, degrees: 270 },
      'bitonal',
      'webp',
    ]);
  });
});

describe('planRender: byte runs', () => {
  type RunCase = readonly [label: string, pyramid: SyntheticOptions, path: string, runs: readonly (readonly number[])[]];
  // Each run as the tile indexes it reads, in file order.
  const cases: readonly RunCase[] = [
    ['a whole 2×2 level is one run', { width: 512, height: 512 }, 'full/max/0/default.png', [[0, 1, 2, 3]]],
    ['two rows of a wide level are two runs', { width: 4096, height: 512 }, '0,0,512,512/max/0/default.png', [[0, 1], [16, 17]]],
    // Fixture tiles are ~100 bytes, so the six tiles between the rows are under RUN_MAX_GAP.
    ['a few tiny tiles in between are read through', { width: 2048, height: 512 }, '0,0,512,512/max/0/default.png', [[0, 1, 8, 9]]],
    ['full-width rows join into one run', { width: 512, height: 768 }, '0,0,512,512/max/0/default.png', [[0, 1, 2, 3]]],
    ['sparse tiles are left out, neighbours still join', { width: 512, height: 512, sparse: ['0:1'] }, 'full/max/0/default.png', [[0, 2, 3]]],
    ['small gaps (block padding) are read through', { width: 512, height: 512, gap: 8 }, 'full/max/0/default.png', [[0, 1, 2, 3]]],
    ['large gaps split runs', { width: 512, height: 512, gap: 4096 }, 'full/max/0/default.png', [[0], [1], [2], [3]]],
  ];

  it.each(cases)('%s', (_label, pyramid, path, runs) => {
    const index = syntheticPyramid(pyramid);
    const p = plan(index, path);
    const level = index.levels[p.level]!;
    expect(p.runs.map((r) => r.tiles.map((t) => t.index))).toEqual(runs);
    for (const run of p.runs) {
      // Every tile of a run lies inside the bytes the run reads.
      for (const t of run.tiles) {
        expect(level.tileOffsets[t.index]!).toBeGreaterThanOrEqual(run.offset);
        expect(level.tileOffsets[t.index]! + level.tileByteCounts[t.index]!).toBeLessThanOrEqual(run.offset + run.length);
      }
    }
  });

  it('a run is exactly the bytes of adjacent tiles', () => {
    const index = syntheticPyramid({ width: 512, height: 512 });
    const [run] = plan(index, 'full/max/0/default.png').runs;
    const level = index.levels[0]!;
    expect(run!.offset).toBe(level.tileOffsets[0]);
    expect(run!.length).toBe([0, 1, 2, 3].reduce((sum, i) => sum + level.tileByteCounts[i]!, 0));
  });
});

describe('planRender: memory budget', () => {
  it('max of a very large image picks a level that keeps the mosaic bounded', () => {
    const index = syntheticPyramid({ width: 100_000, height: 80_000 });
    const p = plan(index, 'full/max/0/default.jpg', LIMITED);
    expect(p.kind).toBe('transcode');
    if (p.kind !== 'transcode') return;
    // 1677×1342 would be 534 px over maxArea, so both sides round down.
    expect([p.width, p.height]).toEqual([1677, 1341]);
    expect(p.level).toBe(5);
    expect(p.mosaic.w * p.mosaic.h).toBeLessThanOrEqual(MOSAIC_MAX_PIXELS);
  });

  it('so does max under the configured default limits', () => {
    const p = plan(syntheticPyramid({ width: 100_000, height: 80_000 }), 'full/max/0/default.jpg', DEFAULT_LIMITS);
    expect(p.kind === 'transcode' && p.mosaic.w * p.mosaic.h).toBeLessThanOrEqual(MOSAIC_MAX_PIXELS);
  });

  it.each([
    ['a strongly distorting w,h on a tall image', { width: 2048, height: 100_000 }, 'full/2048,1/0/default.jpg'],
    ['max of a 40 GP image without reduced levels (refused before listing 611k tiles)', { width: 200_000, height: 200_000, singleLevel: true }, 'full/max/0/default.jpg'],
  ] as const)('refuses %s with 400', (_label, pyramid, path) => {
    const index = syntheticPyramid(pyramid);
    let status = 0;
    try {
      plan(index, path, LIMITED);
    } catch (e) {
      status = e instanceof HttpError ? e.status : -1;
    }
    expect(status).toBe(400);
  });

  it('takes the budget as an option', () => {
    const index = syntheticPyramid({ width: 1024, height: 1024 });
    expect(plan(index, 'full/max/0/default.png', ROOMY, 1024 * 1024).kind).toBe('transcode');
    expect(() => plan(index, 'full/max/0/default.png', ROOMY, 1024 * 1024 - 1)).toThrow(/budget of 1048575 pixels/);
  });
});
