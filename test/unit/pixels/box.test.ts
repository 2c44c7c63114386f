import { describe, expect, it } from 'vitest';
import { boxReduce, boxReducer, reductionFactor } from '../../../src/pixels/box';
import { raster } from '../../../src/pixels/raster';
import { positional, px } from './helpers';

describe('reductionFactor: smallest power of two bringing the crop within 4× the output area', () => {
  it.each([
    [1000, 1000, 1000, 1000, 1],
    [1999, 1999, 1000, 1000, 1],
    [2000, 2000, 1000, 1000, 1], // exactly 4× the area: the resampler handles it
    [2500, 2500, 1000, 1000, 2],
    [4100, 4000, 1000, 1000, 4],
    [512, 512, 100, 100, 4],
    [4000, 1000, 1000, 500, 2],
    [8000, 1000, 1000, 1000, 1], // halving would upscale vertically
  ])('crop %i×%i → out %i×%i: %i', (cw, ch, ow, oh, f) => {
    expect(reductionFactor(cw, ch, ow, oh)).toBe(f);
  });

  it('takes the area ratio as a parameter', () => {
    expect(reductionFactor(2000, 2000, 1000, 1000, 1)).toBe(2);
  });
});

describe('box reduction', () => {
  it('averages 2×2 blocks, edge blocks over the pixels they have', () => {
    // 3×3 grey ramp: values 0..8; output is 2×2.
    const input = raster(3, 3, new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8].flatMap((v) => [v * 10, v, 0, 255])));
    const out = boxReduce(input, 2);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect(px(out, 0, 0)).toEqual([20, 2, 0, 255]); // (0+10+30+40)/4
    expect(px(out, 1, 0)).toEqual([35, 4, 0, 255]); // (20+50)/2, (2+5)/2 = 3.5 → 4
    expect(px(out, 0, 1)).toEqual([65, 7, 0, 255]); // (60+70)/2, (6+7)/2 = 6.5 → 7
    expect(px(out, 1, 1)).toEqual([80, 8, 0, 255]);
  });

  it('gives the same result fed in bands of any height as in one piece', () => {
    const input = positional(9, 11);
    const whole = boxReduce(input, 4);
    for (const band of [1, 3, 5, 11]) {
      const r = boxReducer(9, 11, 4);
      for (let y = 0; y < 11; y += band) {
        const h = Math.min(band, 11 - y);
        r.push(raster(9, h, input.data.slice(y * 9 * 4, (y + h) * 9 * 4)));
      }
      expect(r.result().data).toEqual(whole.data);
    }
  });

  it('refuses to give a result before all rows arrived', () => {
    const r = boxReducer(4, 4, 2);
    r.push(positional(4, 2));
    expect(() => r.result()).toThrow(/2 of 4/);
  });
});
