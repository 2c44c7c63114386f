/**
 * Which WASM codecs this isolate has initialised, and how large each one's linear memory is now. Linear
 * memories grow and never shrink, and they count against the isolate's 128 MB (docs/LIMITS.md), so the
 * loaders record each instance's WebAssembly.Memory here; tests and the memory measurement read it.
 */

export type CodecName = 'jpeg-decode' | 'jpeg-encode' | 'resize' | 'png' | 'webp-encode' | 'webp-decode';

const memories = new Map<CodecName, WebAssembly.Memory>();

export function recordMemory(codec: CodecName, memory: WebAssembly.Memory): void {
  memories.set(codec, memory);
}

/** Codecs initialised in this isolate so far, in the order they were first needed. */
export function initialisedCodecs(): readonly CodecName[] {
  return [...memories.keys()];
}

/** The memory of a codec's current instance (tests use it to watch an old instance being collected). */
export function codecMemory(codec: CodecName): WebAssembly.Memory | undefined {
  return memories.get(codec);
}

/** Current linear-memory size in bytes per initialised codec. */
export function wasmMemoryBytes(): Readonly<Partial<Record<CodecName, number>>> {
  const out: Partial<Record<CodecName, number>> = {};
  for (const [name, memory] of memories) out[name] = memory.buffer.byteLength;
  return out;
}

/** The first WebAssembly.Memory among an instance's exports (emscripten minifies its name). */
export function exportedMemory(exports: WebAssembly.Exports): WebAssembly.Memory {
  for (const value of Object.values(exports)) {
    if (value instanceof WebAssembly.Memory) return value;
  }
  throw new Error('WASM instance exports no memory');
}

/**
 * Emscripten `instantiateWasm` hook: instantiates the statically imported module synchronously (Workers
 * forbid compiling WASM from bytes at run time) and records the instance's memory.
 */
export function instantiateRecording(codec: CodecName, module: WebAssembly.Module) {
  return (imports: WebAssembly.Imports, receive: (instance: never) => void): WebAssembly.Exports => {
    const instance = new WebAssembly.Instance(module, imports);
    recordMemory(codec, exportedMemory(instance.exports));
    receive(instance as never);
    return instance.exports;
  };
}

/** Memoises one asynchronous init per isolate. A failed init is forgotten so the next request retries. */
export function once(init: () => Promise<void>): { ensure: () => Promise<void> } {
  let pending: Promise<void> | null = null;
  return {
    ensure(): Promise<void> {
      pending ??= init().catch((err: unknown) => {
        pending = null;
        throw err;
      });
      return pending;
    },
  };
}
