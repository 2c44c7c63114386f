/**
 * squoosh resize (@jsquash/resize, wasm-bindgen), initialised on first use. Derivatives no longer use it:
 * src/pixels/resample.ts is as fast without its heap (docs/LIMITS.md § Resize). It stays as the reference
 * the cost test compares against (test/worker/pixels-cost.test.ts) and costs nothing unless loaded.
 */
import { initResize } from '@jsquash/resize';
import WASM from '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm';
import { once, recordMemory } from './registry';

const loader = once(async () => {
  const output = (await initResize(WASM)) as { memory: WebAssembly.Memory };
  recordMemory('resize', output.memory);
});

export const ensureResize = loader.ensure;
