/** The committed builder fixtures (test/fixtures/README.md): file name, master width and height, tile size. */
export const BUILT_FIXTURES: readonly (readonly [name: string, width: number, height: number, tile: number])[] = [
  ['chart-1000x700-t256-q90.tif', 1000, 700, 256],
  ['gray-600x900-t256.tif', 600, 900, 256],
  ['chart-257x257-t256.tif', 257, 257, 256],
  ['chart-1x1-t256.tif', 1, 1, 256],
  ['chart-600x400-t512.tif', 600, 400, 512],
  ['chart-600x400-t256-bigtiff.tif', 600, 400, 256],
];
