import { describe, expect, it } from 'vitest';
import { BITONAL_THRESHOLD, luminance, toBitonal, toGray } from '../../../src/pixels/quality';
import { raster } from '../../../src/pixels/raster';
import { px } from './helpers';

// Expected greys are what sharp 0.35.5 (libvips 8.18, `colourspace b-w`) returns for these colours.
describe('gray: BT.709 luminance in linear light, sRGB-encoded (libvips b-w)', () => {
  it.each([
    [[255, 0, 0], 127],
    [[0, 255, 0], 220],
    [[0, 0, 255], 76],
    [[128, 64, 32], 82],
    [[200, 200, 50], 194],
    [[10, 20, 30], 19],
    [[0, 0, 0], 0],
    [[255, 255, 255], 255],
    [[77, 77, 77], 77],
  ])('%j → %i', (rgb, grey) => {
    expect(luminance(rgb[0]!, rgb[1]!, rgb[2]!)).toBe(grey);
  });

  it('writes the grey into R, G and B and keeps alpha', () => {
    const out = toGray(raster(2, 1, new Uint8Array([255, 0, 0, 255, 0, 0, 255, 40])));
    expect([px(out, 0, 0), px(out, 1, 0)]).toEqual([
      [127, 127, 127, 255],
      [76, 76, 76, 40],
    ]);
  });
});

describe('bitonal: grey ≥ 128 is white', () => {
  it.each([
    [[255, 0, 0], 0], // grey 127
    [[128, 128, 128], 255],
    [[127, 127, 127], 0],
    [[0, 255, 0], 255], // grey 220
    [[0, 0, 255], 0], // grey 76
    [[255, 255, 255], 255],
  ])('%j → %i', (rgb, v) => {
    const out = toBitonal(raster(1, 1, new Uint8Array([...rgb, 255])));
    expect(px(out, 0, 0)).toEqual([v, v, v, 255]);
  });

  it('thresholds at the middle of the encoded range', () => {
    expect(BITONAL_THRESHOLD).toBe(128);
  });
});
