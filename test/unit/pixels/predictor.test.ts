import { describe, expect, it } from 'vitest';
import { undoHorizontalDifferencing } from '../../../src/pixels/predictor';

describe('TIFF Predictor 2 (TIFF 6.0 §14)', () => {
  it.each([
    { name: 'grey, two rows restart', w: 3, h: 2, spp: 1, stored: [10, 5, 250, 7, 1, 1], out: [10, 15, 9, 7, 8, 9] },
    {
      name: 'RGB adds per sample',
      w: 2,
      h: 1,
      spp: 3,
      stored: [100, 50, 200, 10, 20, 100],
      out: [100, 50, 200, 110, 70, 44],
    },
    { name: 'single column is unchanged', w: 1, h: 3, spp: 1, stored: [9, 8, 7], out: [9, 8, 7] },
  ])('$name', ({ w, h, spp, stored, out }) => {
    const input = new Uint8Array(stored);
    expect([...undoHorizontalDifferencing(input, w, h, spp)]).toEqual(out);
    expect([...input]).toEqual(stored);
  });
});
