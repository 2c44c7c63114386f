/**
 * Encoder settings for derivatives, chosen by measurement inside workerd (docs/LIMITS.md,
 * notes/stack.md §5). Exported so the cache version and the docs can name them.
 */

/**
 * mozjpeg. Quality 85 is the libvips/sharp default region for photographic derivatives and the builder's
 * default for stored tiles, so transcoded and passthrough tiles look alike. Baseline (progressive off) is
 * 2.5× faster to encode than mozjpeg's progressive default for a few percent more bytes; trellis
 * quantisation stays at one loop because 0 crashes the encoder ("divide by zero"). 4:2:0 chroma as stored.
 */
export const JPEG_SETTINGS = Object.freeze({
  quality: 85,
  progressive: false,
  optimize_coding: true,
  trellis_loops: 1,
  auto_subsample: false,
  chroma_subsample: 2,
});

/** mozjpeg colour-space code for one-band output (MozJpegColorSpace.GRAYSCALE). */
export const JPEG_GRAYSCALE = 1;

/**
 * libwebp lossy at quality 80 with method 4 (its default speed/size trade-off); near the byte size of
 * JPEG q85 for photographs. Lossless would be several times larger and slower.
 */
export const WEBP_SETTINGS = Object.freeze({ quality: 80, method: 4 });

/**
 * Resampling. Opaque sources need neither alpha premultiplication nor linear-light filtering: both off
 * cost 2.5× less. The method is fixed by docs/LIMITS.md § Resize.
 */
export const RESIZE_SETTINGS = Object.freeze({
  method: 'lanczos3' as const,
  premultiply: false,
  linearRGB: false,
});

/**
 * Largest heap one resize call may need (resize-banded.ts). Bigger resizes run banded: bounded memory for
 * about 2.3× the CPU. 8 MiB keeps 512² outputs from 724² crops in one call (docs/LIMITS.md).
 */
export const RESIZE_HEAP_BUDGET = 8 * 1024 * 1024;
