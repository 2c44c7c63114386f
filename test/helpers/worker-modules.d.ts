/**
 * Ambient type for fixture imports in workerd tests: Vite turns `file.tif?inline` into a base64 data URL
 * (vitest.config.ts sets assetsInclude for *.tif).
 */
declare module '*.tif?inline' {
  const dataUrl: string;
  export default dataUrl;
}
