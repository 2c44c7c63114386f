/**
 * Encoder settings for derivatives, chosen by measurement inside workerd (docs/LIMITS.md,
 * docs/PERFORMANCE.md). Exported so the cache version and the docs can name them.
 */

/**
 * JPEG (jpeg/encoder.ts, baseline). Quality 85 with the Annex K tables scaled as libjpeg scales them is
 * what libvips/sharp write at their default Q and what the builder stores tiles at, so transcoded and
 * passthrough tiles look alike (same PSNR as sharp's q85 to 0.01 dB). 4:2:0 chroma as stored. Optimal
 * Huffman tables (Annex K.2): 1–10 % fewer bytes than the typical tables for 17–33 % more encoding time,
 * 1–3 % of a transcode's CPU (docs/LIMITS.md § Encoder settings).
 */
export const JPEG_SETTINGS = Object.freeze({
  quality: 85,
  optimizeHuffman: true,
});

/**
 * libwebp lossy at quality 80 with method 4 (its default speed/size trade-off); near the byte size of
 * JPEG q85 for photographs. Lossless would be several times larger and slower.
 */
export const WEBP_SETTINGS = Object.freeze({ quality: 80, method: 4 });
