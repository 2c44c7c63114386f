/**
 * The memory budget (docs/LIMITS.md): at the largest output DEFAULT_LIMITS allow, rendered from a crop
 * just under twice its size in each direction (the most a complete pyramid makes the pipeline read), in
 * jpg, png and webp one after another in this one isolate, every codec's linear memory plus the
 * pipeline's JS buffers stays under 100 MB. Linear memories never shrink, so the sum over codecs is
 * what an isolate that has served all three formats holds.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config';
import { raster } from '../../src/pixels/raster';
import { renderTranscode } from '../../src/pixels/render';
import { Timing } from '../../src/service/timing';
import { wasmMemoryBytes } from '../../wasm/registry';
import { planFor, storeTiles } from './pixels-tiles';

const MB = 1_000_000;
/** JS heap besides the pipeline: Worker code, Hono, cached pyramid indexes (4–7 MB seen, notes/stack.md §7). */
const JS_BASELINE = 8 * MB;

/** Photographic worst case for encoders: gradients plus per-pixel noise (no flat areas to compress). */
function noisy(w: number, h: number) {
  const d = new Uint8Array(w * h * 4);
  let s = 12345;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const n = (s >> 16) & 31;
      d.set([((x * 255) / w + n) & 255, ((y * 255) / h + n) & 255, ((x + y) & 255) ^ n, 255], (y * w + x) * 4);
    }
  }
  return raster(w, h, d);
}

/** Largest outputs within the limits: 4:3, and as wide as allowed. */
function largestOutputs(): { w: number; h: number }[] {
  const { maxWidth, maxHeight, maxArea } = DEFAULT_LIMITS;
  return [Math.min(maxWidth, Math.ceil(Math.sqrt((maxArea * 4) / 3))), maxWidth].map((w) => ({
    w,
    h: Math.min(maxHeight, Math.floor(maxArea / w)),
  }));
}

describe('isolate memory at the largest allowed request', () => {
  it.each(largestOutputs())('stays under 100 MB with every codec grown, after $w×$h', async ({ w, h }) => {
    const crop = { x: 0, y: 0, w: 2 * w - 1, h: 2 * h - 1 };
    const { level, tiles } = await storeTiles(noisy(crop.w, crop.h), { compression: 'jpeg' });
    for (const format of ['jpg', 'png', 'webp'] as const) {
      const plan = planFor(level, crop, { width: w, height: h, format });
      const timing = new Timing();
      const out = await renderTranscode(plan, level, tiles, timing);
      expect(out.body.length).toBeGreaterThan(0);
      console.log(`${w}x${h} ${format} from ${crop.w}x${crop.h}: ${timing.header('transcode')}`);
    }
    const wasm = Object.values(wasmMemoryBytes()).reduce((a, b) => a + b, 0);
    // Live JS buffers at the peak (docs/LIMITS.md § JS buffers): while resampling down, the narrowed crop
    // (2h rows of the output width, RGBA) and the output, 4·2A + 4·A; while encoding a JPEG, the output and
    // its orient/quality copy (4·A each), the quantised coefficients (1.5 samples per pixel, 2 bytes each)
    // and the growing byte buffer (≤ 1 byte per pixel at q85, doubled while growing): about 13 bytes per
    // output pixel. Counted as 16.
    const pipelineJs = 16 * w * h;
    const total = wasm + pipelineJs + JS_BASELINE;
    console.log(`largest ${w}x${h}: wasm ${(wasm / MB).toFixed(1)} MB, JS ${(pipelineJs / MB).toFixed(1)} MB, total ${(total / MB).toFixed(1)} MB`, wasmMemoryBytes());
    expect(total).toBeLessThan(100 * MB);
  });
});
