/**
 * mozjpeg encoder (@jsquash/jpeg), initialised on first use. Its heap grows to about 16 bytes per output
 * pixel and never shrinks, so after a large encode the caller may replace the instance (`renewJpegEncoder`)
 * to let the old memory be collected (docs/LIMITS.md records whether that pays).
 */
import { init } from '@jsquash/jpeg/encode';
import WASM from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm';
import { instantiateRecording, once } from './registry';

const loader = once(() => init({ instantiateWasm: instantiateRecording('jpeg-encode', WASM) }));

export const ensureJpegEncoder = loader.ensure;

/** Drops the current instance; the next encode instantiates a fresh one at the initial heap size. */
export function renewJpegEncoder(): Promise<void> {
  loader.reset();
  return loader.ensure();
}
