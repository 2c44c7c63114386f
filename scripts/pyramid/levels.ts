/**
 * Level geometry of a pyramid (docs/ARCHITECTURE.md §2): level k is exactly ceil(W/2^k) × ceil(H/2^k), down to and
 * including the first level that fits in one tile. With these sizes an IIIF tile at scale factor 2^k is
 * exactly one stored tile of level k.
 */

export interface LevelSize {
  readonly width: number;
  readonly height: number;
  readonly tilesAcross: number;
  readonly tilesDown: number;
}

export function levelSizes(width: number, height: number, tileSize: number): LevelSize[] {
  if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height))) {
    throw new Error(`image size must be positive integers, got ${width}×${height}`);
  }
  const levels: LevelSize[] = [];
  for (let k = 0; ; k++) {
    const w = Math.ceil(width / 2 ** k);
    const h = Math.ceil(height / 2 ** k);
    levels.push({ width: w, height: h, tilesAcross: Math.ceil(w / tileSize), tilesDown: Math.ceil(h / tileSize) });
    if (w <= tileSize && h <= tileSize) return levels;
  }
}
