/**
 * mozjpeg encoder (@jsquash/jpeg), initialised on first use. Derivatives no longer use it: they are encoded
 * by src/pixels/jpeg (TypeScript, ~3x faster here, no heap that grows with the largest image and never
 * shrinks; docs/LIMITS.md § Encoder settings). It stays as the reference the cost test compares against
 * (test/worker/pixels-cost.test.ts) and costs nothing unless loaded.
 */
import { init } from '@jsquash/jpeg/encode';
import WASM from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm';
import { instantiateRecording, once } from './registry';

const loader = once(() => init({ instantiateWasm: instantiateRecording('jpeg-encode', WASM) }));

export const ensureJpegEncoder = loader.ensure;
