/**
 * Image comparison for verification. JPEG keeps luma at full resolution and halves chroma (4:2:0), and
 * decoders upsample chroma differently (libjpeg's "fancy" triangle filter, geotiff.js's replication), so
 * saturated colour edges in synthetic charts lose several dB of RGB PSNR whatever the encoder does. The
 * gate is therefore luma PSNR (ITU-R BT.601 Y, what JPEG codes at full resolution) plus the mean chroma
 * difference, which still catches colour misread as RGB-for-YCbCr (tens of levels). RGB PSNR is reported.
 */

/** Peak signal-to-noise ratio of two 8-bit sample arrays of equal length, in dB (Infinity if identical). */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`PSNR of ${a.length} vs ${b.length} samples`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return fromMse(sum / a.length);
}

const fromMse = (mse: number): number => (mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse));

export interface Comparison {
  /** PSNR over all samples (RGB or grey), dB. */
  readonly psnr: number;
  /** PSNR of BT.601 luma, dB (equals `psnr` for grey). */
  readonly lumaPsnr: number;
  /** Mean absolute difference of Cb and Cr, in 8-bit levels (0 for grey). */
  readonly chromaError: number;
}

/** Compares interleaved 8-bit images of 1 or 3 channels. */
export function compareImages(a: ArrayLike<number>, b: ArrayLike<number>, channels: 1 | 3): Comparison {
  const all = psnr(a, b);
  if (channels === 1) return { psnr: all, lumaPsnr: all, chromaError: 0 };
  let lumaSum = 0;
  let chromaSum = 0;
  const pixels = a.length / 3;
  for (let i = 0; i < a.length; i += 3) {
    const dr = a[i]! - b[i]!;
    const dg = a[i + 1]! - b[i + 1]!;
    const db = a[i + 2]! - b[i + 2]!;
    const dy = 0.299 * dr + 0.587 * dg + 0.114 * db;
    lumaSum += dy * dy;
    chromaSum += Math.abs(-0.168736 * dr - 0.331264 * dg + 0.5 * db) + Math.abs(0.5 * dr - 0.418688 * dg - 0.081312 * db);
  }
  return { psnr: all, lumaPsnr: fromMse(lumaSum / pixels), chromaError: chromaSum / (2 * pixels) };
}
