import { describe, expect, it } from 'vitest';
import { mirror, orient, rotate } from '../../../src/pixels/orient';
import { origin, positional } from './helpers';

// A 3×2 raster; each case lists, for each output pixel in row-major order, which source pixel lands there.
describe('orient (Image API 3.0 §4.4: mirror, then rotate clockwise)', () => {
  it.each([
    { mirrored: false, degrees: 0, size: [3, 2], from: [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]] },
    { mirrored: false, degrees: 90, size: [2, 3], from: [[0, 1], [0, 0], [1, 1], [1, 0], [2, 1], [2, 0]] },
    { mirrored: false, degrees: 180, size: [3, 2], from: [[2, 1], [1, 1], [0, 1], [2, 0], [1, 0], [0, 0]] },
    { mirrored: false, degrees: 270, size: [2, 3], from: [[2, 0], [2, 1], [1, 0], [1, 1], [0, 0], [0, 1]] },
    { mirrored: true, degrees: 0, size: [3, 2], from: [[2, 0], [1, 0], [0, 0], [2, 1], [1, 1], [0, 1]] },
    { mirrored: true, degrees: 90, size: [2, 3], from: [[2, 1], [2, 0], [1, 1], [1, 0], [0, 1], [0, 0]] },
    { mirrored: true, degrees: 180, size: [3, 2], from: [[0, 1], [1, 1], [2, 1], [0, 0], [1, 0], [2, 0]] },
    { mirrored: true, degrees: 270, size: [2, 3], from: [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]] },
  ])('mirror=$mirrored rotate=$degrees', ({ mirrored, degrees, size, from }) => {
    const out = orient(positional(3, 2), mirrored, degrees);
    expect([out.width, out.height]).toEqual(size);
    const seen = [];
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) seen.push(origin(out, x, y));
    expect(seen).toEqual(from);
  });

  it('mirroring twice and rotating four times give the input back', () => {
    const input = positional(5, 3);
    expect(mirror(mirror(input)).data).toEqual(input.data);
    expect(rotate(rotate(rotate(rotate(input, 90), 90), 90), 90).data).toEqual(input.data);
  });

  it('refuses angles other than quarter turns', () => {
    expect(() => rotate(positional(2, 2), 45)).toThrow(/45/);
  });
});
