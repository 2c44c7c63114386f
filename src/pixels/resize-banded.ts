/**
 * Resampling within a bounded WASM heap. One squoosh resize call copies the input and output into its
 * linear memory and keeps an f32 RGBA intermediate of outW × inH (16 B/px), and linear memory never
 * shrinks: a 2047² → 1024² call leaves the module at 58 MiB for the life of the isolate (docs/LIMITS.md).
 * Above a heap budget the resize is split in two separable passes, each cut so one call stays within the
 * budget: horizontal only, in bands of rows (no row depends on another), then vertical only, in strips
 * of columns. Costs about 2.3× the CPU of one call and differs from it by intermediate rounding only.
 */
import { raster, type Raster } from './raster';

export type ResizeCall = (input: Raster, width: number, height: number) => Promise<Raster>;

/** Bytes one resize call needs in WASM memory: input, output and the outW × inH f32 RGBA intermediate. */
export function resizeHeapBytes(inW: number, inH: number, outW: number, outH: number): number {
  return 4 * inW * inH + 16 * outW * inH + 4 * outW * outH;
}

export async function resizeWithin(
  input: Raster,
  width: number,
  height: number,
  budget: number,
  call: ResizeCall,
): Promise<Raster> {
  if (input.width === width && input.height === height) return input;
  if (resizeHeapBytes(input.width, input.height, width, height) <= budget) return call(input, width, height);
  const across = input.width === width ? input : await horizontalInBands(input, width, budget, call);
  return across.height === height ? across : verticalInStrips(across, height, budget, call);
}

async function horizontalInBands(input: Raster, width: number, budget: number, call: ResizeCall): Promise<Raster> {
  const rows = Math.max(1, Math.floor(budget / resizeHeapBytes(input.width, 1, width, 1)));
  const out = new Uint8Array(width * input.height * 4);
  for (let y = 0; y < input.height; y += rows) {
    const h = Math.min(rows, input.height - y);
    const band = raster(input.width, h, input.data.slice(y * input.width * 4, (y + h) * input.width * 4));
    out.set((await call(band, width, h)).data, y * width * 4);
  }
  return raster(width, input.height, out);
}

async function verticalInStrips(input: Raster, height: number, budget: number, call: ResizeCall): Promise<Raster> {
  const { width: w, height: inH } = input;
  const cols = Math.max(1, Math.floor(budget / resizeHeapBytes(1, inH, 1, height)));
  const out = new Uint8Array(w * height * 4);
  for (let x = 0; x < w; x += cols) {
    const sw = Math.min(cols, w - x);
    const strip = new Uint8Array(sw * inH * 4);
    for (let y = 0; y < inH; y++) strip.set(input.data.subarray((y * w + x) * 4, (y * w + x + sw) * 4), y * sw * 4);
    const done = (await call(raster(sw, inH, strip), sw, height)).data;
    for (let y = 0; y < height; y++) out.set(done.subarray(y * sw * 4, (y + 1) * sw * 4), (y * w + x) * 4);
  }
  return raster(w, height, out);
}
