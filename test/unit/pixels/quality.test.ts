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

  it('the fixed-point tables give the float formula (IEC 61966-2-1 §5.2 both ways) on a 16³ grid', () => {
    const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const enc = (l: number) => Math.round(255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055));
    let off = 0;
    for (let r = 0; r < 256; r += 17) {
      for (let g = 0; g < 256; g += 17) {
        for (let b = 0; b < 256; b += 17) {
          const want = enc(Math.round((0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)) * 65535) / 65535);
          if (luminance(r, g, b) !== want) off++;
        }
      }
    }
    expect(off).toBe(0);
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
