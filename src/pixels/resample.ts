/**
 * Separable Lanczos-3 resampling in plain TypeScript, the way libvips reduces 8-bit images (reduceh then
 * reducev: fixed-point weights, rounded and clamped to 8 bits between the passes), so it needs no WASM
 * heap and its buffers are collected after the request (docs/LIMITS.md § Resize). A pass whose size does
 * not change is skipped, so resampling bands across (render.ts) and then the whole down gives exactly
 * the result of one call.
 *
 * Rasters reaching this step are opaque (samples.ts and the JPEG decoder write alpha 255; pyramids carry
 * no alpha, docs/ARCHITECTURE.md §2), so only R, G and B are filtered and alpha is written as 255.
 */
import { raster, type Raster } from './raster';

/** Weight precision: 14 fractional bits (as libvips' VIPS_INTERPOLATE_SCALE 1 << 12, with room to spare). */
const SHIFT = 14;
const ONE = 1 << SHIFT;
const HALF = 1 << (SHIFT - 1);
const LOBES = 3;

/** Lanczos-3: sinc(x)·sinc(x/3) on |x| < 3. */
function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (x <= -LOBES || x >= LOBES) return 0;
  const px = Math.PI * x;
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px);
}

/**
 * Taps for one direction: output i reads inputs start[i] … start[i] + count[i] − 1, weighted by
 * weight[i·stride …]. Contiguous runs keep the inner loops free of index lookups.
 */
export interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly stride: number;
  readonly weight: Int32Array;
}

/**
 * Output pixel centres map onto input centres ((i + ½)·in/out − ½); when reducing, the kernel is
 * stretched by the ratio so every input contributes. Weights that fall beyond the edge are added to the
 * edge pixel (the edge repeated), and weights that round to 0 are dropped. Weights are normalised to sum
 * to exactly 1 << SHIFT, so flat areas stay exactly flat.
 */
export function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const stretch = Math.max(1, scale);
  const support = LOBES * stretch;
  const stride = Math.min(inSize, Math.ceil(2 * support) + 1);
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weight = new Int32Array(outSize * stride);
  const w = new Float64Array(inSize);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    const lo = Math.floor(centre - support) + 1;
    const hi = Math.ceil(centre + support) - 1;
    const first = Math.max(0, lo);
    const last = Math.min(inSize - 1, hi);
    w.fill(0, first, last + 1);
    let sum = 0;
    for (let j = lo; j <= hi; j++) {
      const k = lanczos3((j - centre) / stretch);
      w[Math.min(last, Math.max(first, j))]! += k;
      sum += k;
    }
    // Fixed point; rounding leftovers go to the largest weight; zero weights at the ends are trimmed.
    let fixedSum = 0;
    let largest = first;
    for (let j = first; j <= last; j++) {
      const f = Math.round((w[j]! / sum) * ONE);
      weight[i * stride + j - first] = f;
      fixedSum += f;
      if (Math.abs(w[j]!) > Math.abs(w[largest]!)) largest = j;
    }
    weight[i * stride + largest - first]! += ONE - fixedSum;
    let a = first;
    let b = last;
    while (a < b && weight[i * stride + a - first] === 0) a++;
    while (b > a && weight[i * stride + b - first] === 0) b--;
    if (a > first) weight.copyWithin(i * stride, i * stride + a - first, i * stride + b - first + 1);
    start[i] = a;
    count[i] = b - a + 1;
  }
  return { start, count, stride, weight };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** One 32-bit word per pixel (R in the low byte: Workers and Node run little-endian). */
function words(r: Raster): Uint32Array {
  const d = r.data.byteOffset % 4 === 0 ? r.data : r.data.slice();
  return new Uint32Array(d.buffer, d.byteOffset, r.width * r.height);
}

/** Opaque pixel from three fixed-point sums. */
const pack = (r: number, g: number, b: number): number =>
  (clamp(r >> SHIFT) | (clamp(g >> SHIFT) << 8) | (clamp(b >> SHIFT) << 16) | 0xff000000) >>> 0;

function horizontal(input: Raster, width: number): Raster {
  const { start, count, stride, weight } = taps(input.width, width);
  const src = words(input);
  const out = new Uint32Array(width * input.height);
  for (let y = 0, o = 0; y < input.height; y++) {
    const row = y * input.width;
    for (let x = 0; x < width; x++, o++) {
      let r = HALF, g = HALF, b = HALF;
      let s = row + start[x]!;
      for (let t = x * stride, end = t + count[x]!; t < end; t++, s++) {
        const w = weight[t]!;
        const p = src[s]!;
        r += (p & 0xff) * w;
        g += ((p >>> 8) & 0xff) * w;
        b += ((p >>> 16) & 0xff) * w;
      }
      out[o] = pack(r, g, b);
    }
  }
  return raster(width, input.height, new Uint8Array(out.buffer));
}

function vertical(input: Raster, height: number): Raster {
  const { start, count, stride, weight } = taps(input.height, height);
  const w = input.width;
  const src = words(input);
  const out = new Uint32Array(w * height);
  for (let y = 0, o = 0; y < height; y++) {
    const first = start[y]! * w;
    const t0 = y * stride;
    const n = count[y]!;
    for (let x = 0; x < w; x++, o++) {
      let r = HALF, g = HALF, b = HALF;
      for (let k = 0, s = first + x; k < n; k++, s += w) {
        const f = weight[t0 + k]!;
        const p = src[s]!;
        r += (p & 0xff) * f;
        g += ((p >>> 8) & 0xff) * f;
        b += ((p >>> 16) & 0xff) * f;
      }
      out[o] = pack(r, g, b);
    }
  }
  return raster(w, height, new Uint8Array(out.buffer));
}

/** Resamples to width × height with Lanczos-3; returns the input when the size already matches. */
export function resample(input: Raster, width: number, height: number): Raster {
  const across = input.width === width ? input : horizontal(input, width);
  return across.height === height ? across : vertical(across, height);
}
