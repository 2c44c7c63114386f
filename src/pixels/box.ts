/**
 * Box-filter reduction by an integer factor, row by row, so a large crop can be shrunk while it is being
 * stitched and never exists at full size (docs/LIMITS.md: this bounds the resize input). Output pixel
 * (X, Y) is the mean of input pixels [fX, fX+f) × [fY, fY+f); edge blocks average the pixels they have.
 */
import { raster, type Raster } from './raster';

export interface BoxReducer {
  /** Feeds the next rows of the input (a raster exactly `width` wide). */
  push(rows: Raster): void;
  /** The reduced raster; call after all `height` input rows were pushed. */
  result(): Raster;
}

/**
 * How far to box-reduce a crop before resampling: the smallest power of two f that brings the resize input
 * within `maxAreaRatio` × the output area, never below the output size in either direction. With complete
 * pyramids the crop is under 2× the output per direction, so f stays 1 at ratio 4 and the resampler does
 * all the work (best match to libvips); only sparse pyramids are reduced (docs/LIMITS.md § Box reduction).
 */
export function reductionFactor(cropW: number, cropH: number, outW: number, outH: number, maxAreaRatio = 4): number {
  let f = 1;
  const tooBig = () => (cropW / f) * (cropH / f) > maxAreaRatio * outW * outH;
  while (tooBig() && cropW >= outW * f * 2 && cropH >= outH * f * 2) f *= 2;
  return f;
}

export function boxReducer(width: number, height: number, f: number): BoxReducer {
  const outW = Math.ceil(width / f);
  const outH = Math.ceil(height / f);
  const out = new Uint8Array(outW * outH * 4);
  const sums = new Uint32Array(outW * 4);
  let inRow = 0;
  const flush = (rowsInBlock: number): void => {
    const o = Math.floor((inRow - 1) / f) * outW * 4;
    for (let X = 0; X < outW; X++) {
      const n = rowsInBlock * (Math.min(width, (X + 1) * f) - X * f);
      for (let c = 0; c < 4; c++) out[o + X * 4 + c] = Math.round(sums[X * 4 + c]! / n);
    }
    sums.fill(0);
  };
  return {
    push(rows: Raster): void {
      if (rows.width !== width) throw new Error(`box reducer: rows are ${rows.width} wide, expected ${width}`);
      for (let y = 0; y < rows.height && inRow < height; y++) {
        const base = y * width * 4;
        for (let x = 0; x < width; x++) {
          const s = Math.floor(x / f) * 4;
          const i = base + x * 4;
          sums[s] += rows.data[i]!;
          sums[s + 1] += rows.data[i + 1]!;
          sums[s + 2] += rows.data[i + 2]!;
          sums[s + 3] += rows.data[i + 3]!;
        }
        inRow++;
        if (inRow % f === 0) flush(f);
        else if (inRow === height) flush(inRow % f);
      }
    },
    result(): Raster {
      if (inRow !== height) throw new Error(`box reducer: got ${inRow} of ${height} rows`);
      return raster(outW, outH, out);
    },
  };
}

/** Reduces a whole raster (the same arithmetic as the streaming reducer). */
export function boxReduce(input: Raster, f: number): Raster {
  if (f === 1) return input;
  const r = boxReducer(input.width, input.height, f);
  r.push(input);
  return r.result();
}
