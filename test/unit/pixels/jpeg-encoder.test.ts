/**
 * The TypeScript baseline JPEG encoder (src/pixels/jpeg) checked by an independent decoder (sharp /
 * libjpeg-turbo): every size and both component layouts decode to the input within JPEG q85 error.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeBaselineJpeg } from '../../../src/pixels/jpeg/encoder';
import { raster, type Raster } from '../../../src/pixels/raster';

/** Smooth colour waves, the kind of content JPEG is made for. */
function waves(w: number, h: number): Raster {
  const d = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (k: number) => Math.round(127.5 + 100 * Math.sin(x / k + y / (k * 1.7)));
      d.set([v(9), v(23), v(13), 255], (y * w + x) * 4);
    }
  }
  return raster(w, h, d);
}

/** Grey values in R, G and B (what quality.ts hands the encoder for gray and bitonal). */
function grey(r: Raster): Raster {
  const d = r.data.slice();
  for (let i = 0; i < d.length; i += 4) d[i + 1] = d[i + 2] = d[i]!;
  return raster(r.width, r.height, d);
}

/** Decoded samples in the file's own components (sharp would otherwise expand grey to sRGB). */
async function decode(jpeg: Uint8Array) {
  const { channels } = await sharp(Buffer.from(jpeg)).metadata();
  const img = sharp(Buffer.from(jpeg)).toColourspace(channels === 1 ? 'b-w' : 'srgb');
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** PSNR over the decoded channels against the input's first `channels` channels. */
function psnr(input: Raster, decoded: { data: Uint8Array; channels: number }): number {
  let se = 0;
  let n = 0;
  for (let p = 0; p < input.width * input.height; p++) {
    for (let c = 0; c < decoded.channels; c++) {
      const d = decoded.data[p * decoded.channels + c]! - input.data[p * 4 + c]!;
      se += d * d;
      n++;
    }
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / se);
}

describe('encodeBaselineJpeg', () => {
  it.each([
    { w: 1, h: 1 },
    { w: 7, h: 5 },
    { w: 16, h: 16 },
    { w: 17, h: 33 },
    { w: 200, h: 150 },
    { w: 251, h: 9 },
  ])('$w×$h colour and grey decode at the right size within q85 error', async ({ w, h }) => {
    const input = waves(w, h);
    const colour = await decode(encodeBaselineJpeg(input, { quality: 85, grey: false, optimizeHuffman: false }));
    expect([colour.width, colour.height, colour.channels]).toEqual([w, h, 3]);
    expect(psnr(input, colour)).toBeGreaterThan(34);
    const g = grey(input);
    const mono = await decode(encodeBaselineJpeg(g, { quality: 85, grey: true, optimizeHuffman: false }));
    expect([mono.width, mono.height, mono.channels]).toEqual([w, h, 1]);
    expect(psnr(g, mono)).toBeGreaterThan(38);
  });

  it.each([
    { rgb: [255, 255, 255] },
    { rgb: [0, 0, 0] },
    { rgb: [220, 30, 30] },
    { rgb: [30, 40, 210] },
  ])('flat $rgb comes back within 2 levels', async ({ rgb }) => {
    const d = new Uint8Array(40 * 24 * 4);
    for (let i = 0; i < d.length; i += 4) d.set([...rgb, 255], i);
    const out = await decode(encodeBaselineJpeg(raster(40, 24, d), { quality: 85, grey: false, optimizeHuffman: false }));
    for (let i = 0; i < out.data.length; i += 3) {
      for (let c = 0; c < 3; c++) expect(Math.abs(out.data[i + c]! - rgb[c]!)).toBeLessThanOrEqual(2);
    }
  });

  it('optimal Huffman tables give the same pixels in fewer bytes', async () => {
    const input = waves(200, 150);
    const typical = encodeBaselineJpeg(input, { quality: 85, grey: false, optimizeHuffman: false });
    const optimal = encodeBaselineJpeg(input, { quality: 85, grey: false, optimizeHuffman: true });
    expect(optimal.length).toBeLessThan(typical.length);
    expect((await decode(optimal)).data).toEqual((await decode(typical)).data);
  });

  it('higher quality costs bytes and gains fidelity', async () => {
    const input = waves(120, 80);
    const sizes = [50, 85, 95].map((quality) => encodeBaselineJpeg(input, { quality, grey: false, optimizeHuffman: false }));
    expect(sizes[0]!.length).toBeLessThan(sizes[1]!.length);
    expect(sizes[1]!.length).toBeLessThan(sizes[2]!.length);
    const fidelity = await Promise.all(sizes.map(async (j) => psnr(input, await decode(j))));
    expect(fidelity[0]!).toBeLessThan(fidelity[1]!);
    expect(fidelity[1]!).toBeLessThan(fidelity[2]!);
  });
});
