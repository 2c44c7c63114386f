import { describe, expect, it } from 'vitest';
import { BrokenSource, UnsupportedSource } from '../../../src/errors';
import { samplesToRgba } from '../../../src/pixels/samples';

describe('samplesToRgba', () => {
  it.each([
    { spp: 1, samples: [0, 128], rgba: [0, 0, 0, 255, 128, 128, 128, 255] },
    { spp: 3, samples: [1, 2, 3, 4, 5, 6], rgba: [1, 2, 3, 255, 4, 5, 6, 255] },
  ])('$spp samples per pixel', ({ spp, samples, rgba }) => {
    expect([...samplesToRgba(new Uint8Array(samples), 2, 1, spp).data]).toEqual(rgba);
  });

  it.each([
    // Too few bytes is a damaged tile; a sample layout we lack is unsupported.
    { spp: 3, length: 5, reason: /expected 6/, error: BrokenSource },
    { spp: 4, length: 8, reason: /4 samples per pixel/, error: UnsupportedSource },
  ])('refuses $spp spp with $length bytes', ({ spp, length, reason, error }) => {
    const run = () => samplesToRgba(new Uint8Array(length), 2, 1, spp);
    expect(run).toThrow(error);
    expect(run).toThrow(reason);
  });
});
