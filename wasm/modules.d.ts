/**
 * Ambient declarations for WebAssembly imports. Wrangler and the vitest pool both turn a plain `.wasm`
 * import into a compiled `WebAssembly.Module` (no `?module` suffix: the pool cannot parse it).
 * Two packages ship a `.wasm.d.ts` without a default export, which would win over the wildcard, so
 * they get exact-name declarations.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '@jsquash/png/codec/pkg/squoosh_png_bg.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

/** jsquash's typings name the DOM ImageData type, which workers-types lacks. */
interface ImageData {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  readonly colorSpace?: string;
}
