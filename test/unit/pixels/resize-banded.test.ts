import { describe, expect, it } from 'vitest';
import { raster, type Raster } from '../../../src/pixels/raster';
import { resizeHeapBytes, resizeWithin } from '../../../src/pixels/resize-banded';
import { positional } from './helpers';

/** Nearest-neighbour resampling: separable, so banded and whole results must agree exactly. */
function nearest(input: Raster, width: number, height: number): Raster {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.floor(((y + 0.5) * input.height) / height);
    for (let x = 0; x < width; x++) {
      const sx = Math.floor(((x + 0.5) * input.width) / width);
      out.set(input.data.subarray((sy * input.width + sx) * 4, (sy * input.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return raster(width, height, out);
}

describe('resizeWithin', () => {
  it.each([
    { name: 'both directions', inW: 37, inH: 23, outW: 15, outH: 11, budget: 2000 },
    { name: 'width only', inW: 37, inH: 23, outW: 15, outH: 23, budget: 2000 },
    { name: 'height only', inW: 37, inH: 23, outW: 37, outH: 9, budget: 2000 },
    { name: 'budget below one row', inW: 37, inH: 23, outW: 15, outH: 11, budget: 10 },
  ])('$name: banded calls stay within the budget and give the whole result', async (c) => {
    const calls: number[] = [];
    const recording = async (r: Raster, w: number, h: number) => {
      calls.push(resizeHeapBytes(r.width, r.height, w, h));
      return nearest(r, w, h);
    };
    const input = positional(c.inW, c.inH);
    const out = await resizeWithin(input, c.outW, c.outH, c.budget, recording);
    expect(out.data).toEqual(nearest(input, c.outW, c.outH).data);
    expect(calls.length).toBeGreaterThan(1);
    const floor = Math.max(resizeHeapBytes(c.inW, 1, c.outW, 1), resizeHeapBytes(1, c.inH, 1, c.outH));
    for (const heap of calls) expect(heap).toBeLessThanOrEqual(Math.max(c.budget, floor));
  });

  it('makes one call when it fits and none when the size matches', async () => {
    let n = 0;
    const counting = async (r: Raster, w: number, h: number) => (n++, nearest(r, w, h));
    const input = positional(8, 8);
    await resizeWithin(input, 4, 4, 1 << 20, counting);
    expect(n).toBe(1);
    expect(await resizeWithin(input, 8, 8, 1, counting)).toBe(input);
    expect(n).toBe(1);
  });

  it('counts input, output and the f32 intermediate', () => {
    expect(resizeHeapBytes(2047, 2047, 1024, 1024)).toBe(4 * 2047 * 2047 + 16 * 1024 * 2047 + 4 * 1024 * 1024);
  });
});
