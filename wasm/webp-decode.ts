/**
 * libwebp decoder (@jsquash/webp). The service never decodes WebP; tests use it to check WebP output, and
 * it costs nothing unless loaded.
 */
import { init } from '@jsquash/webp/decode';
import WASM from '@jsquash/webp/codec/dec/webp_dec.wasm';
import { instantiateRecording, once } from './registry';

const loader = once(() => init({ instantiateWasm: instantiateRecording('webp-decode', WASM) }));

export const ensureWebpDecoder = loader.ensure;
