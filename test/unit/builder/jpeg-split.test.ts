import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { spliceJpeg } from '../../../src/tiff/jpeg';
import { tileJpegOptions } from '../../../scripts/pyramid/jpeg-options';
import { sameBytes, splitJpeg } from '../../../scripts/pyramid/jpeg-split';

/** Deterministic 64×64 RGB content that differs per seed (so Huffman statistics differ too). */
function pixels(seed: number, channels: 1 | 3): Buffer {
  const b = Buffer.alloc(64 * 64 * channels);
  let s = seed;
  for (let i = 0; i < b.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    b[i] = ((i >> 4) * seed + (s >> 26)) & 0xff;
  }
  return b;
}

const encode = (seed: number, channels: 1 | 3, options = tileJpegOptions(85)) =>
  sharp(pixels(seed, channels), { raw: { width: 64, height: 64, channels } })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .jpeg(options)
    .toBuffer();

/** Marker codes of a JPEG's segments up to SOS. */
function markers(jpeg: Uint8Array): number[] {
  const out: number[] = [];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i + 1] !== 0xd9) {
    out.push(jpeg[i + 1]!);
    if (jpeg[i + 1] === 0xda) break;
    i += 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
  }
  return out;
}

describe('splitJpeg', () => {
  it.each([3, 1] as const)('splits a %i-band tile into JPEGTables and an abbreviated stream', async (channels) => {
    const { tables, tile } = splitJpeg(await encode(1, channels));
    expect([...tables.subarray(0, 2), ...tables.subarray(-2)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(new Set(markers(tables))).toEqual(new Set([0xdb, 0xc4]));
    expect(markers(tile)).toEqual([0xc0, 0xda]);
    expect([...tile.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it.each([3, 1] as const)('%i bands: spliced back together it decodes to the same pixels as the original', async (channels) => {
    const original = await encode(2, channels);
    const { tables, tile } = splitJpeg(original);
    const a = await sharp(original).raw().toBuffer();
    const b = await sharp(spliceJpeg(tables, tile)).raw().toBuffer();
    expect(sameBytes(a, b)).toBe(true);
  });

  it('gives byte-identical tables for different tiles with the pyramid settings', async () => {
    const t = await Promise.all([1, 2, 3].map(async (seed) => splitJpeg(await encode(seed, 3)).tables));
    expect(sameBytes(t[0]!, t[1]!) && sameBytes(t[1]!, t[2]!)).toBe(true);
  });

  it('would not with optimised Huffman coding (why the settings fix it off)', async () => {
    const optimised = { ...tileJpegOptions(85), optimiseCoding: true };
    const [a, b] = await Promise.all([1, 9].map(async (s) => splitJpeg(await encode(s, 3, optimised)).tables));
    expect(sameBytes(a!, b!)).toBe(false);
  });

  it('refuses progressive JPEG and truncated data', async () => {
    const progressive = await encode(1, 3, { ...tileJpegOptions(85), progressive: true });
    expect(() => splitJpeg(progressive)).toThrow(/0xc2/);
    const baseline = await encode(1, 3);
    expect(() => splitJpeg(baseline.subarray(0, baseline.length - 10))).toThrow(/EOI/);
    expect(() => splitJpeg(new Uint8Array([1, 2, 3, 4]))).toThrow(/SOI/);
  });
});
