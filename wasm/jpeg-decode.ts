/** mozjpeg decoder (@jsquash/jpeg), initialised on first use in this isolate (notes/stack.md §3d). */
import { init } from '@jsquash/jpeg/decode';
import WASM from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
import { instantiateRecording, once } from './registry';

const loader = once(() => init({ instantiateWasm: instantiateRecording('jpeg-decode', WASM) }));

export const ensureJpegDecoder = loader.ensure;
