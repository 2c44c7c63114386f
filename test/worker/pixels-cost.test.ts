/**
 * What each transcode step costs inside workerd, the pipeline's choices beside the WASM codecs they
 * replaced (docs/LIMITS.md § Per-operation CPU records the printed figures): JPEG encoding (TypeScript
 * baseline vs mozjpeg with the settings it had), resampling (TypeScript Lanczos-3 vs squoosh lanczos3 in
 * one call), mozjpeg tile decoding and the grey conversion. Timings are printed, not asserted (the
 * machine is shared); what is asserted is that both sides of each comparison make the same image.
 */
import decodeJpegWasm from '@jsquash/jpeg/decode';
import encodeMozjpeg from '@jsquash/jpeg/encode';
import resizeSquoosh from '@jsquash/resize';
import { describe, expect, it } from 'vitest';
import { decodeJpeg, encodeJpeg, fromImageData, resize } from '../../src/pixels/codecs';
import { JPEG_SETTINGS } from '../../src/pixels/encode-settings';
import { encodeBaselineJpeg } from '../../src/pixels/jpeg/encoder';
import { toGray } from '../../src/pixels/quality';
import { raster, type Raster } from '../../src/pixels/raster';
import { ensureJpegDecoder } from '../../wasm/jpeg-decode';
import { ensureJpegEncoder } from '../../wasm/jpeg-encode';
import { ensureResize } from '../../wasm/resize';

/** The mozjpeg settings derivatives used before the TypeScript encoder (baseline, trellis 1 loop, 4:2:0). */
const MOZJPEG_Q85 = { quality: 85, progressive: false, optimize_coding: true, trellis_loops: 1, auto_subsample: false, chroma_subsample: 2 };

/** Photographic stand-in: smooth colour waves plus per-pixel noise of ±8 levels. */
function photo(w: number, h: number): Raster {
  const d = new Uint8Array(w * h * 4);
  let s = 99;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i += 4) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const n = ((s >> 16) & 15) - 8;
      d[i] = 128 + 90 * Math.sin(x / 17 + y / 29) + n;
      d[i + 1] = 128 + 90 * Math.sin(x / 41 - y / 13) + n;
      d[i + 2] = 128 + 90 * Math.sin((x + y) / 23) + n;
      d[i + 3] = 255;
    }
  }
  return raster(w, h, d);
}

function imageData(r: Raster): ImageData {
  return { width: r.width, height: r.height, data: new Uint8ClampedArray(r.data.slice().buffer) };
}

/**
 * Mean ms per call over `calls` calls after one warm-up call. workerd's clock moves in whole
 * milliseconds (a Spectre mitigation), so single calls cannot be timed; batches of ≥ 100 ms can.
 */
async function perCall(calls: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - t0) / calls;
}

function psnr(a: Raster, b: Raster): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    se += (a.data[i]! - b.data[i]!) ** 2;
    n++;
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / se);
}

/** Calls per batch: about 100–300 ms of work at any size. */
const runsFor = (pixels: number) => Math.max(4, Math.round(4_000_000 / (pixels + 20_000)));

describe('per-operation cost inside workerd', () => {
  it.each([
    { w: 16, h: 16 },
    { w: 200, h: 150 },
    { w: 512, h: 512 },
    { w: 1024, h: 768 },
  ])('JPEG encode $w×$h: TypeScript baseline vs mozjpeg, both decode to the input', async ({ w, h }) => {
    await ensureJpegEncoder();
    const input = photo(w, h);
    const runs = runsFor(w * h);
    let ours = new Uint8Array();
    let typical = new Uint8Array();
    let moz = new Uint8Array();
    const tOurs = await perCall(runs, async () => (ours = await encodeJpeg(input, false)));
    const tTypical = await perCall(runs, async () => (typical = encodeBaselineJpeg(input, { ...JPEG_SETTINGS, grey: false, optimizeHuffman: false })));
    const tMoz = await perCall(runs, async () => (moz = new Uint8Array(await encodeMozjpeg(imageData(input), MOZJPEG_Q85))));
    const [qOurs, qMoz] = [psnr(input, await decodeJpeg(ours)), psnr(input, await decodeJpeg(moz))];
    console.log(
      `encode ${w}x${h}: ours (optimal Huffman) ${tOurs.toFixed(2)} ms ${ours.length} B ${qOurs.toFixed(1)} dB` +
        ` | ours, typical tables ${tTypical.toFixed(2)} ms ${typical.length} B | mozjpeg ${tMoz.toFixed(2)} ms ${moz.length} B ${qMoz.toFixed(1)} dB`,
    );
    expect(qOurs).toBeGreaterThan(30);
    expect(qMoz).toBeGreaterThan(30);
    expect(psnr(await decodeJpeg(typical), await decodeJpeg(ours))).toBe(Infinity);
  });

  it.each([
    { inW: 250, inH: 188, w: 200, h: 150 },
    { inW: 724, inH: 724, w: 512, h: 512 },
    { inW: 2047, inH: 1535, w: 1024, h: 768 },
  ])('resize $inW×$inH → $w×$h: TypeScript vs squoosh, within 45 dB of each other', async ({ inW, inH, w, h }) => {
    await ensureResize();
    const input = photo(inW, inH);
    const runs = runsFor(inW * inH);
    let ours = input;
    let squoosh = input;
    const tOurs = await perCall(runs, async () => (ours = await resize(input, w, h)));
    const settings = { width: w, height: h, method: 'lanczos3' as const, premultiply: false, linearRGB: false };
    const tSq = await perCall(runs, async () => (squoosh = fromImageData(await resizeSquoosh(imageData(input), settings))));
    console.log(`resize ${inW}x${inH}->${w}x${h}: ours ${tOurs.toFixed(2)} ms | squoosh one call ${tSq.toFixed(2)} ms`);
    expect([ours.width, ours.height]).toEqual([w, h]);
    expect(psnr(ours, squoosh)).toBeGreaterThan(45);
  });

  it('mozjpeg decode of a 256² tile and the grey conversion of 1024×768', async () => {
    await ensureJpegDecoder();
    const tile = await encodeJpeg(photo(256, 256), false);
    let decoded: Raster = raster(1, 1);
    const tDecode = await perCall(200, async () => (decoded = fromImageData(await decodeJpegWasm(tile.slice().buffer))));
    const big = photo(1024, 768);
    let grey = big;
    const tGrey = await perCall(10, async () => (grey = toGray(big)));
    console.log(`decode 256x256: ${tDecode.toFixed(2)} ms | grey 1024x768: ${tGrey.toFixed(2)} ms`);
    expect([decoded.width, decoded.height]).toEqual([256, 256]);
    expect(grey.data[0]).toBe(grey.data[1]);
  });
});
