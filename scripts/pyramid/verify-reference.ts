/**
 * Reference pixels for verification (verify.ts), made independently of the tile bytes under test:
 * level 0 from the master through the normalising pipeline (normalise.ts), a level k > 0 as the 2×2 mean
 * of level k−1 read back from the output file by libvips (libtiff, a third TIFF reader), which is how
 * level k was made (vips-pyramid.ts). The pyramid's padded levels are clipped: where a 2×2 block runs
 * past the level below's real edge, its last column or row is repeated (docs/ARCHITECTURE.md §2: ceil sizes).
 */
import sharp from 'sharp';
import type { LevelSize } from './levels';
import { normalisedPipeline, type MasterInfo } from './normalise';

export interface TileRect {
  readonly col: number;
  readonly row: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export const pixelSpace = (channels: 1 | 3) => (channels === 1 ? 'b-w' : 'srgb');

/** The master's pixels under `r` at full resolution. */
export async function masterRegion(
  m: { readonly input: string; readonly info: MasterInfo; readonly page: number; readonly background: string },
  r: TileRect,
): Promise<Buffer> {
  return normalisedPipeline(m.input, m.info, m.page, m.background)
    .extract({ left: r.left, top: r.top, width: r.width, height: r.height })
    .raw()
    .toBuffer();
}

/** Level k's pixels under `r` as the 2×2 mean (rounded like libvips: +2, >> 2) of level `below` = k−1. */
export async function halfOfLevelBelow(file: string, below: number, size: LevelSize, r: TileRect, channels: 1 | 3): Promise<Buffer> {
  const left = 2 * r.left;
  const top = 2 * r.top;
  const width = Math.min(2 * r.width, size.width - left);
  const height = Math.min(2 * r.height, size.height - top);
  const src = await sharp(file, { page: below, limitInputPixels: false })
    .extract({ left, top, width, height })
    .toColourspace(pixelSpace(channels))
    .raw()
    .toBuffer();
  const out = Buffer.alloc(r.width * r.height * channels);
  const at = (x: number, y: number, c: number) => src[(Math.min(y, height - 1) * width + Math.min(x, width - 1)) * channels + c]!;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      for (let c = 0; c < channels; c++) {
        const sum = at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c);
        out[(y * r.width + x) * channels + c] = (sum + 2) >> 2;
      }
    }
  }
  return out;
}
