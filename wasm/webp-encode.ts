/**
 * libwebp encoder (@jsquash/webp), initialised on first use. The package feature-detects SIMD (present in
 * workerd) and then loads its SIMD glue, so the SIMD binary must be the one passed in (notes/stack.md §3d).
 */
import { init } from '@jsquash/webp/encode';
import WASM from '@jsquash/webp/codec/enc/webp_enc_simd.wasm';
import { instantiateRecording, once } from './registry';

const loader = once(async () => {
  await init({ instantiateWasm: instantiateRecording('webp-encode', WASM) });
});

export const ensureWebpEncoder = loader.ensure;
