import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegSize, patchJpegHeight, spliceJpeg } from '../../../src/tiff/jpeg';

/** Splits a full JPEG into (tables: SOI DQT… DHT… EOI) and an abbreviated stream (SOI SOF SOS … EOI). */
function split(jpeg: Uint8Array): { tables: Uint8Array; tile: Uint8Array } {
  const tables: number[] = [0xff, 0xd8];
  const tile: number[] = [0xff, 0xd8];
  let i = 2;
  while (i < jpeg.length) {
    const code = jpeg[i + 1]!;
    if (code === 0xda) {
      tile.push(...jpeg.subarray(i));
      break;
    }
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    const seg = jpeg.subarray(i, i + 2 + len);
    if (code === 0xdb || code === 0xc4) tables.push(...seg);
    else if (code !== 0xe0) tile.push(...seg);
    i += 2 + len;
  }
  tables.push(0xff, 0xd9);
  return { tables: Uint8Array.from(tables), tile: Uint8Array.from(tile) };
}

async function patternJpeg(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let p = 0; p < width * height; p++) raw.set([(p * 7) & 0xff, (p >> 3) & 0xff, 128], p * 3);
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
}

describe('spliceJpeg', () => {
  it('rebuilds a JPEG that decodes to the same pixels as the original', async () => {
    const original = await patternJpeg(64, 48);
    const { tables, tile } = split(original);
    const spliced = spliceJpeg(tables, tile);
    const a = await sharp(original).raw().toBuffer();
    const b = await sharp(spliced).raw().toBuffer();
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('adds an Adobe APP14 transform-0 marker only for RGB samples', async () => {
    const { tables, tile } = split(await patternJpeg(16, 16));
    expect(Buffer.from(spliceJpeg(tables, tile, true).subarray(2, 11)).toString('latin1')).toBe('\xff\xee\x00\x0eAdobe');
    expect(spliceJpeg(tables, tile, false)[3]).not.toBe(0xee);
  });

  it('passes a self-contained tile through when there are no tables', async () => {
    const full = await patternJpeg(16, 16);
    expect(spliceJpeg(null, full)).toEqual(full);
  });

  it('refuses a tile that is not JPEG', () => {
    expect(() => spliceJpeg(null, new Uint8Array([1, 2, 3, 4]))).toThrow(/SOI/);
  });
});

describe('patchJpegHeight', () => {
  it('crops the bottom of a tile exactly (the rows kept decode unchanged)', async () => {
    const full = await patternJpeg(64, 64);
    const cut = full.slice();
    patchJpegHeight(cut, 37);
    expect(jpegSize(cut)).toEqual({ width: 64, height: 37 });
    const whole = await sharp(full).raw().toBuffer();
    const part = await sharp(cut).raw().toBuffer({ resolveWithObject: true });
    expect(part.info.height).toBe(37);
    expect(Buffer.compare(part.data, whole.subarray(0, 64 * 37 * 3))).toBe(0);
  });

  it.each([0, 70000])('refuses height %i', async (h) => {
    const full = await patternJpeg(16, 16);
    expect(() => patchJpegHeight(full, h)).toThrow(/range/);
  });
});
