/**
 * squoosh PNG codec (@jsquash/png, wasm-bindgen); one instance serves encode and decode. Initialised on
 * first use in this isolate.
 */
import { init } from '@jsquash/png/encode';
import WASM from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
import { once, recordMemory } from './registry';

const loader = once(async () => {
  const output = (await init(WASM)) as { memory: WebAssembly.Memory };
  recordMemory('png', output.memory);
});

export const ensurePng = loader.ensure;
