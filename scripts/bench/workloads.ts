/**
 * The three workloads the issue asks for, as logical requests (requests.ts), deterministic from a seed:
 * - deepzoom: the tile URLs OpenSeadragon 6.1's IIIFTileSource.getTileUrl asks for, every tile of every
 *   level of the master (sampled and shuffled), as a viewer panning and zooming would;
 * - thumbs: `full/!200,200` and `full/,150` once per identifier, over many distinct identifiers (a
 *   search-results page);
 * - odd: non-aligned and pct: regions, downscaled to at most ~1000 px, a quarter rotated 90, a quarter
 *   gray, a fifth png.
 * The generators follow the peer benchmark harness the project started from (not in this repository), with the odd sizes
 * bounded by the servers' maxArea, so no request is refused for size.
 */
import { mulberry32, randInt, shuffled } from './prng';
import type { ImageSize, LogicalRequest, Size } from './requests';

export type WorkloadName = 'deepzoom' | 'thumbs' | 'odd';
export const WORKLOADS: readonly WorkloadName[] = ['deepzoom', 'thumbs', 'odd'];

export interface TileInfo extends ImageSize {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly scaleFactors: readonly number[];
  readonly sizes: readonly ImageSize[];
}

export interface Workload {
  /** The measured requests (each once: cold). */
  readonly main: readonly LogicalRequest[];
  /** Requests outside `main` for warming connections and JIT before timing, not the data. */
  readonly warmup: readonly LogicalRequest[];
}

const plain = { rotation: 0, quality: 'default', format: 'jpg' } as const;

/** Every tile URL OpenSeadragon requests for one image, all levels (getTileUrl, OSD 6.1.1). */
export function openSeadragonTiles(image: string, info: TileInfo): LogicalRequest[] {
  const { width: W, height: H, tileWidth: tw, tileHeight: th } = info;
  const maxLevel = Math.round(Math.log2(Math.max(...info.scaleFactors)));
  const levelSizes = osdLevelSizes(info, maxLevel);
  const out: LogicalRequest[] = [];
  for (let level = 0; level <= maxLevel; level++) {
    const scale = 0.5 ** (maxLevel - level);
    const lw = levelSizes?.[level]?.width ?? Math.ceil(W * scale);
    const lh = levelSizes?.[level]?.height ?? Math.ceil(H * scale);
    const nx = Math.ceil((levelSizes ? lw : scale * W) / tw);
    const ny = Math.ceil((levelSizes ? lh : scale * H) / th);
    const regionW = Math.round(tw / scale);
    const regionH = Math.round(th / scale);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        if (lw < tw && lh < th) {
          // The whole image in less than one tile: region full, the level's size.
          const size: Size = lw === W && lh === H ? { kind: 'max' } : { kind: 'wh', w: lw, h: lh };
          out.push({ image, region: 'full', size, ...plain });
          continue;
        }
        const rx = x * regionW;
        const ry = y * regionH;
        const rw = Math.min(regionW, W - rx);
        const rh = Math.min(regionH, H - ry);
        const sw = Math.min(tw, lw - x * tw);
        const sh = Math.min(th, lh - y * th);
        const whole = x === 0 && y === 0 && rw === W && rh === H;
        out.push({
          image,
          region: whole ? 'full' : { x: rx, y: ry, w: rw, h: rh },
          size: sw === W && sh === H ? { kind: 'max' } : { kind: 'wh', w: sw, h: sh },
          ...plain,
        });
      }
    }
  }
  return out;
}

/** OSD uses info.json `sizes` as the level sizes only when they match the scale factors exactly. */
function osdLevelSizes(info: TileInfo, maxLevel: number): ImageSize[] | null {
  if (info.sizes.length === 0) return null;
  const sorted = info.sizes.slice().sort((a, b) => a.width - b.width);
  const largest = sorted[sorted.length - 1]!;
  if (largest.width < info.width && largest.height < info.height) sorted.push({ width: info.width, height: info.height });
  if (sorted.length !== maxLevel + 1) return null;
  if (info.scaleFactors.length === sorted.length) {
    for (let i = 0; i < sorted.length; i++) {
      const f = info.scaleFactors[sorted.length - i - 1]!;
      if (Math.round(info.width / sorted[i]!.width) !== f || Math.round(info.height / sorted[i]!.height) !== f) return null;
    }
  }
  return sorted;
}

export function deepZoom(image: string, info: TileInfo, limit: number, seed: number): Workload {
  const all = shuffled(openSeadragonTiles(image, info), mulberry32(seed));
  return { main: all.slice(0, limit), warmup: all.slice(limit) };
}

/** Two thumbnails per identifier; warm-up asks other identifiers (`warmupImages`) for another size. */
export function thumbnails(images: readonly string[], warmupImages: readonly string[], seed: number): Workload {
  const sizes: Size[] = [{ kind: 'fit', w: 200, h: 200 }, { kind: 'h', h: 150 }];
  const main = images.flatMap((image) => sizes.map((size) => ({ image, region: 'full' as const, size, ...plain })));
  const warmup = warmupImages.map((image) => ({ image, region: 'full' as const, size: { kind: 'w', w: 100 } as const, ...plain }));
  return { main: shuffled(main, mulberry32(seed)), warmup };
}

export interface OddOptions {
  readonly count: number;
  readonly seed: number;
  /** Longest output side (the issue: "sizes up to ~1000 px"). */
  readonly maxSide: number;
  /** Largest output area every server accepts (the smallest maxArea in their info.json). */
  readonly maxArea: number;
  /** False when a server cannot make png: then that fifth stays jpg. */
  readonly png: boolean;
}

export function oddRequests(images: Readonly<Record<string, ImageSize>>, o: OddOptions): Workload {
  const rng = mulberry32(o.seed);
  const ids = Object.keys(images);
  const make = (count: number): LogicalRequest[] => Array.from({ length: count }, (_, i) => {
    const image = ids[i % ids.length]!;
    const { width: W, height: H } = images[image]!;
    let region: LogicalRequest['region'];
    let rw: number;
    let rh: number;
    if (rng() < 0.2) {
      const pw = randInt(rng, 2, 40);
      const ph = Math.max(2, Math.min(60, Math.round((pw * (0.5 + rng()) * W) / H)));
      region = { pct: [randInt(rng, 0, 100 - pw), randInt(rng, 0, 100 - ph), pw, ph] };
      [rw, rh] = [(pw / 100) * W, (ph / 100) * H];
    } else {
      // Odd offsets and sizes: never on the tile grid (the passthrough path is deep zoom's job).
      rw = randInt(rng, 97, Math.min(3001, W - 2));
      rh = Math.max(97, Math.min(H - 2, Math.round(rw * (0.4 + 2.1 * rng()))));
      region = { x: randInt(rng, 1, W - rw), y: randInt(rng, 1, H - rh), w: rw, h: rh };
    }
    // A downscale of the region (5–100 %), within maxSide and maxArea.
    const f = Math.min(0.05 + 0.95 * rng(), o.maxSide / Math.max(rw, rh), Math.sqrt((0.98 * o.maxArea) / (rw * rh)));
    const ow = Math.max(16, Math.floor(rw * f));
    const oh = Math.max(16, Math.floor(rh * f));
    const k = rng();
    const size: Size = k < 0.4 ? { kind: 'w', w: ow }
      : k < 0.6 ? { kind: 'h', h: oh }
      : k < 0.8 ? { kind: 'fit', w: ow, h: oh }
      : { kind: 'pct', n: Math.max(1, Math.floor(f * 100)) };
    return {
      image,
      region,
      size,
      rotation: rng() < 0.25 ? 90 : 0,
      quality: rng() < 0.25 ? 'gray' : 'default',
      format: rng() < 0.2 && o.png ? 'png' : 'jpg',
    };
  });
  return { main: make(o.count), warmup: make(10) };
}
