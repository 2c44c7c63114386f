/** squoosh resize (@jsquash/resize, wasm-bindgen), initialised on first use in this isolate. */
import { initResize } from '@jsquash/resize';
import WASM from '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm';
import { once, recordMemory } from './registry';

const loader = once(async () => {
  const output = (await initResize(WASM)) as { memory: WebAssembly.Memory };
  recordMemory('resize', output.memory);
});

export const ensureResize = loader.ensure;
