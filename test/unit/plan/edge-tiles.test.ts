import { describe, expect, it } from 'vitest';
import { parseImageRequest } from '../../../src/iiif/parse-request';
import { resolveRequest } from '../../../src/iiif/resolve';
import { planRender } from '../../../src/plan/plan-render';
import type { PyramidIndex, PyramidLevel } from '../../../src/tiff/pyramid';
import { syntheticPyramid } from './synthetic-pyramid';

const limits = { maxWidth: 4096, maxHeight: 4096, maxArea: 16_000_000 };

/** The synthetic 1000×700 pyramid with exact-size copies of every right-edge tile (some rows missing). */
function withEdges(index: PyramidIndex, missing: ReadonlySet<string> = new Set()): PyramidIndex {
  let cursor = 9_000_000;
  const levels = index.levels.map((level, k): PyramidLevel => {
    if (level.width % level.tileWidth === 0) return level;
    const offsets = new Float64Array(level.tilesDown);
    const counts = new Float64Array(level.tilesDown);
    for (let r = 0; r < level.tilesDown; r++) {
      if (missing.has(`${k}:${r}`)) continue;
      offsets[r] = cursor;
      counts[r] = 500 + r;
      cursor += counts[r]!;
    }
    return { ...level, edgeTiles: { offsets, byteCounts: counts } };
  });
  return { ...index, levels };
}

function plan(index: PyramidIndex, region: string, size: string) {
  const request = parseImageRequest(3, 'x', region, size, '0', 'default.jpg');
  return planRender(resolveRequest(request, index, limits), index);
}

describe('right-edge tiles with exact-size copies', () => {
  const base = syntheticPyramid({ width: 1000, height: 700 });
  const index = withEdges(base, new Set(['0:1']));

  it.each([
    // level 0: tiles are 256 wide; the right column starts at x=768 and is 232 wide
    ['768,0,232,256', '232,256', 0, 0],
    // bottom-right corner: 232×188
    ['768,512,232,188', '232,188', 0, 2],
    // level 2 (250×175) is one partial tile: the whole image at 250 wide
    ['full', '250,', 2, 0],
  ])('%s at %s passes through from the edge copy of level %i row %i', (region, size, level, row) => {
    const p = plan(index, region, size);
    expect(p.kind).toBe('passthrough');
    if (p.kind !== 'passthrough') return;
    expect(p.source).toBe('edge');
    expect(p.level).toBe(level);
    const edge = index.levels[level]!.edgeTiles!;
    expect(p.runs).toEqual([{ offset: edge.offsets[row], length: edge.byteCounts[row], tiles: [p.tile] }]);
  });

  it('transcodes a right-edge tile whose row has no copy', () => {
    const p = plan(index, '768,256,232,256', '232,256');
    expect(p.kind).toBe('transcode');
    if (p.kind === 'transcode') expect(p.reason).toMatch(/no exact-size copy/);
  });

  it('keeps using the stored tile for interior tiles', () => {
    const p = plan(index, '256,256,256,256', '256,256');
    expect(p).toMatchObject({ kind: 'passthrough', source: 'tile' });
  });

  it('transcodes right-edge tiles of files without copies', () => {
    expect(plan(base, '768,0,232,256', '232,256').kind).toBe('transcode');
  });
});
