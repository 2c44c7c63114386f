/**
 * Pixel references for the end-to-end tier: the same IIIF request applied by sharp/libvips to the master
 * the pyramid was built from (crop → resize → mirror → rotate → quality, Image API 3.0 §4 order), and the
 * comparison metrics (PSNR over RGB, share of differing pixels for bitonal output).
 */
import sharp, { type Sharp } from 'sharp';

export interface Rgb {
  readonly width: number;
  readonly height: number;
  /** Packed RGB, 3 bytes per pixel. */
  readonly data: Buffer;
}

export interface Transform {
  readonly region: readonly [x: number, y: number, w: number, h: number];
  readonly size: readonly [w: number, h: number];
  readonly mirror?: boolean;
  readonly degrees?: 0 | 90 | 180 | 270;
  readonly quality?: 'color' | 'gray' | 'bitonal';
  /**
   * The request is served from pyramid level k at scale 1 (no resampling), so its reference is the master
   * reduced the way the builder makes levels: k successive 2×2 means (`vips tiffsave --pyramid`,
   * docs/BUILDER.md), with the region in level-k pixels.
   */
  readonly fromLevel?: number;
}

/** One 2×2 mean reduction (a pyramid level from the one above; odd edges average what exists). */
function halve(img: Rgb): Rgb {
  const width = Math.ceil(img.width / 2);
  const height = Math.ceil(img.height / 2);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let n = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const sx = 2 * x + dx;
            const sy = 2 * y + dy;
            if (sx < img.width && sy < img.height) {
              sum += img.data[(sy * img.width + sx) * 3 + c]!;
              n++;
            }
          }
        }
        data[(y * width + x) * 3 + c] = Math.round(sum / n);
      }
    }
  }
  return { width, height, data };
}

/** Any encoded image (jpg/png/webp, grey or colour) → packed sRGB. */
export async function toRgb(encoded: Buffer | Uint8Array): Promise<Rgb> {
  const { data, info } = await sharp(encoded).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

async function step(img: Rgb, op: (s: Sharp) => Sharp): Promise<Rgb> {
  const input = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  const { data, info } = await op(input).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/**
 * The reference rendering. Each step is its own sharp pipeline so that sharp's fixed internal order of
 * operations cannot reorder them: the IIIF order is region, size, mirror, rotation, quality.
 */
export async function reference(master: string | Buffer, t: Transform): Promise<Rgb> {
  const [left, top, width, height] = t.region;
  let img: Rgb;
  if (t.fromLevel !== undefined) {
    let level = await toRgb(await sharp(master).png().toBuffer());
    for (let k = 0; k < t.fromLevel; k++) level = halve(level);
    const f = 2 ** t.fromLevel;
    img = await step(level, (s) => s.extract({ left: left / f, top: top / f, width: Math.ceil(width / f), height: Math.ceil(height / f) }));
    if (img.width !== t.size[0] || img.height !== t.size[1]) throw new Error('fromLevel is for requests at scale 1 of that level');
  } else {
    img = await toRgb(await sharp(master).extract({ left, top, width, height }).png().toBuffer());
    img = await resample(img, t.size[0], t.size[1]);
  }
  if (t.mirror) img = await step(img, (s) => s.flop());
  if (t.degrees) img = await step(img, (s) => s.rotate(t.degrees));
  if (t.quality === 'gray' || t.quality === 'bitonal') {
    img = await greyscale(img);
    if (t.quality === 'bitonal') img = { ...img, data: Buffer.from(img.data.map((v) => (v >= 128 ? 255 : 0))) };
  }
  return img;
}

/**
 * Lanczos3 resampling with pixel centres aligned (output pixel X covers input (X + 0.5) / scale - 0.5).
 * sharp 0.35.5 / libvips 8.18 reduces that way but enlarges half an output pixel to the right (measured:
 * a feature at input 4.0 of 8 → 9 px lands at 5.0, not 4.5), so enlargements go through an exact
 * nearest-neighbour blow-up by an integer factor followed by a lanczos3 reduction.
 */
async function resample(img: Rgb, width: number, height: number): Promise<Rgb> {
  if (width <= img.width && height <= img.height) {
    return step(img, (s) => s.resize(width, height, { fit: 'fill', kernel: 'lanczos3' }));
  }
  const k = 2 * Math.ceil(Math.max(width / img.width, height / img.height));
  const big = await step(img, (s) => s.resize(img.width * k, img.height * k, { fit: 'fill', kernel: 'nearest' }));
  return step(big, (s) => s.resize(width, height, { fit: 'fill', kernel: 'lanczos3' }));
}

/** sharp's greyscale (libvips `colourspace b-w`: linear-light BT.709 luminance), spread back to RGB. */
async function greyscale(img: Rgb): Promise<Rgb> {
  const input = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  const { data, info } = await input.greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`greyscale gave ${info.channels} channels`);
  const rgb = Buffer.alloc(data.length * 3);
  data.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
  return { width: info.width, height: info.height, data: rgb };
}

function sameSize(a: Rgb, b: Rgb): void {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) {
    throw new Error(`size ${a.width}×${a.height} differs from ${b.width}×${b.height}`);
  }
}

/** Peak signal-to-noise ratio over all RGB samples, in dB (Infinity when identical). */
export function psnr(a: Rgb, b: Rgb): number {
  sameSize(a, b);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  const mse = sum / a.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Share of pixels whose first channel differs by more than half the range (for black/white output). */
export function flippedShare(a: Rgb, b: Rgb): number {
  sameSize(a, b);
  let flipped = 0;
  for (let i = 0; i < a.data.length; i += 3) if (Math.abs(a.data[i]! - b.data[i]!) > 127) flipped++;
  return flipped / (a.width * a.height);
}

/** Largest channel spread of any pixel: 0 for a grey image. */
export function maxChroma(img: Rgb): number {
  let worst = 0;
  for (let i = 0; i < img.data.length; i += 3) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    worst = Math.max(worst, Math.max(r, g, b) - Math.min(r, g, b));
  }
  return worst;
}

/**
 * PSNR after a Gaussian blur of both images (σ in output pixels). Enlargement kernels legitimately differ
 * in the finest detail (lanczos3 in the Worker, nearest + lanczos3 in the reference), which on the chart's
 * 1–2 px line pairs swamps plain PSNR; misplaced or mirrored content still shows at low frequencies.
 */
export async function psnrBlurred(a: Rgb, b: Rgb, sigma: number): Promise<number> {
  const blur = async (img: Rgb): Promise<Rgb> => {
    const raw = { width: img.width, height: img.height, channels: 3 as const };
    const { data, info } = await sharp(img.data, { raw }).blur(sigma).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data };
  };
  return psnr(await blur(a), await blur(b));
}
