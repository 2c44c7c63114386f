/**
 * Lanczos-3 resampling in TypeScript (src/pixels/resample.ts): exact on flat areas, separable (band-wise
 * equals whole), and close to sharp/libvips lanczos3, the reference the e2e pixel tests compare with.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { raster, type Raster } from '../../../src/pixels/raster';
import { resample, taps } from '../../../src/pixels/resample';

function waves(w: number, h: number): Raster {
  const d = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (k: number) => Math.round(127.5 + 110 * Math.sin(x / k + y / (k * 1.7)));
      d.set([v(9), v(23), v(5), 255], (y * w + x) * 4);
    }
  }
  return raster(w, h, d);
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    se += (a[i]! - b[i]!) ** 2;
    n++;
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / se);
}

const SIZES = [
  { inW: 250, inH: 188, outW: 200, outH: 150 },
  { inW: 97, inH: 61, outW: 49, outH: 31 },
  { inW: 300, inH: 200, outW: 151, outH: 199 },
  { inW: 40, inH: 30, outW: 100, outH: 75 },
  { inW: 5, inH: 3, outW: 1, outH: 1 },
];

describe('taps', () => {
  it.each(SIZES)('$inW → $outW: weights of every output sum to 1 and stay inside the input', ({ inW, outW }) => {
    const t = taps(inW, outW);
    for (let i = 0; i < outW; i++) {
      let sum = 0;
      for (let k = 0; k < t.count[i]!; k++) sum += t.weight[i * t.stride + k]!;
      expect(sum).toBe(1 << 14);
      expect(t.start[i]!).toBeGreaterThanOrEqual(0);
      expect(t.start[i]! + t.count[i]!).toBeLessThanOrEqual(inW);
    }
  });
});

describe('resample', () => {
  it.each(SIZES)('$inW×$inH → $outW×$outH keeps a flat colour exactly, opaque', ({ inW, inH, outW, outH }) => {
    const d = new Uint8Array(inW * inH * 4);
    for (let i = 0; i < d.length; i += 4) d.set([200, 17, 93, 255], i);
    const out = resample(raster(inW, inH, d), outW, outH);
    expect([out.width, out.height]).toEqual([outW, outH]);
    for (let i = 0; i < out.data.length; i += 4) expect([...out.data.subarray(i, i + 4)]).toEqual([200, 17, 93, 255]);
  });

  it('returns the input when the size matches', () => {
    const input = waves(30, 20);
    expect(resample(input, 30, 20)).toBe(input);
  });

  it('band by band across, then down, equals one call', () => {
    const input = waves(300, 250);
    const whole = resample(input, 170, 120);
    const across = new Uint8Array(170 * 250 * 4);
    for (let y = 0; y < 250; y += 64) {
      const h = Math.min(64, 250 - y);
      const band = raster(300, h, input.data.slice(y * 300 * 4, (y + h) * 300 * 4));
      across.set(resample(band, 170, h).data, y * 170 * 4);
    }
    expect(resample(raster(170, 250, across), 170, 120).data).toEqual(whole.data);
  });

  it.each([
    { inW: 720, inH: 480, outW: 514, outH: 343 },
    { inW: 720, inH: 480, outW: 360, outH: 240 },
    { inW: 719, inH: 479, outW: 377, outH: 251 },
  ])('$inW×$inH → $outW×$outH is within 45 dB of sharp lanczos3', async ({ inW, inH, outW, outH }) => {
    const input = waves(inW, inH);
    const ref = await sharp(Buffer.from(input.data), { raw: { width: inW, height: inH, channels: 4 } })
      .resize(outW, outH, { kernel: 'lanczos3', fit: 'fill' })
      .raw()
      .toBuffer();
    expect(psnr(resample(input, outW, outH).data, ref)).toBeGreaterThan(45);
  });
});
