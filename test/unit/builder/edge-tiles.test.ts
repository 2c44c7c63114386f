import { readFile } from 'node:fs/promises';
import { Tiff, TiffTag } from '@cogeotiff/core';
import { fromArrayBuffer } from 'geotiff';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { spliceJpeg } from '../../../src/tiff/jpeg';
import { EDGE_TOLERANCE, edgeCopyDifference, edgeTiles, makeEdgeCopy } from '../../../scripts/pyramid/edge-tiles';
import { bytesSource } from '../../../scripts/pyramid/file-source';
import { cropJpegTile } from '../../../scripts/pyramid/jpeg-crop';
import { tileJpegOptions } from '../../../scripts/pyramid/jpeg-options';
import { splitJpeg } from '../../../scripts/pyramid/jpeg-split';
import { levelSizes } from '../../../scripts/pyramid/levels';
import { TAGS } from '../../../scripts/pyramid/tiff-tags';
import { BUILT_FIXTURES } from './committed-fixtures';

/** A smooth but busy 256×256 tile (blurred noise), JPEG-coded like a pyramid tile, tables split off. */
async function paddedTile(channels: 1 | 3) {
  const noise = Buffer.alloc(256 * 256 * channels);
  let s = 7;
  for (let i = 0; i < noise.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    noise[i] = (s >>> 16) & 255;
  }
  const img = sharp(noise, { raw: { width: 256, height: 256, channels } }).blur(1.5);
  return splitJpeg(await img.toColourspace(channels === 1 ? 'b-w' : 'srgb').jpeg(tileJpegOptions(85)).toBuffer());
}

/** Raw samples; without an explicit b-w space sharp would widen grey to three bands. */
const decode = (jpeg: Uint8Array, channels: 1 | 3 = 3) =>
  sharp(jpeg).toColourspace(channels === 1 ? 'b-w' : 'srgb').raw().toBuffer({ resolveWithObject: true });

describe('cropJpegTile: lossless crop in the coefficient domain', () => {
  // Grey has no chroma upsampling, so every size must decode to exactly the padded tile's crop; that
  // proves the coefficients were kept. Colour is exact when the edge width and height are odd (or full).
  it.each([
    [1, 232, 256],
    [1, 233, 189],
    [1, 256, 188],
    [1, 1, 1],
    [1, 17, 255],
    [3, 233, 256],
    [3, 256, 187],
    [3, 233, 189],
    [3, 129, 129],
    [3, 1, 1],
  ] as const)('%i band(s), %i×%i: decodes to the padded tile cropped, sample for sample', async (channels, w, h) => {
    const { tables, tile } = await paddedTile(channels);
    const copy = cropJpegTile(tables, tile, w, h);
    expect([copy[0], copy[1], copy.at(-2), copy.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    const got = await decode(spliceJpeg(tables, copy), channels);
    expect([got.info.width, got.info.height, got.info.channels]).toEqual([w, h, channels]);
    const want = await sharp(spliceJpeg(tables, tile)).extract({ left: 0, top: 0, width: w, height: h })
      .toColourspace(channels === 1 ? 'b-w' : 'srgb').raw().toBuffer();
    expect(got.data.equals(want)).toBe(true);
  });

  it('is smaller than the padded tile and refuses crops larger than the tile', async () => {
    const { tables, tile } = await paddedTile(3);
    expect(cropJpegTile(tables, tile, 100, 256).length).toBeLessThan(tile.length * 0.6);
    expect(() => cropJpegTile(tables, tile, 257, 10)).toThrow(/does not fit/);
    expect(() => cropJpegTile(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), tile, 10, 10)).toThrow(/no tables/);
  });
});

describe('makeEdgeCopy: the build-time identity check', () => {
  // Even edge sizes in colour: libjpeg's fancy chroma upsampling replicates the last chroma sample at an
  // image edge but blends in the next one inside a padded tile, so the last column/row may differ a little.
  it.each([
    [3, 232, 256],
    [3, 256, 188],
    [3, 233, 189],
    [1, 232, 188],
  ] as const)('%i band(s), %i×%i: stored, identical away from the last column and row', async (channels, w, h) => {
    const { tables, tile } = await paddedTile(channels);
    const made = await makeEdgeCopy(tables, tile, { row: 0, index: 0, width: w, height: h });
    expect(made.bytes).not.toBeNull();
    const got = await decode(spliceJpeg(tables, made.bytes!), channels);
    const want = await sharp(spliceJpeg(tables, tile)).extract({ left: 0, top: 0, width: w, height: h }).toColourspace(channels === 1 ? 'b-w' : 'srgb').raw().toBuffer();
    expect(edgeCopyDifference(got.data, want, w, h, channels)).toBeNull();
  });
});

describe('edgeCopyDifference: what a stored copy may differ by', () => {
  const w = 4;
  const h = 3;
  const base = () => new Uint8Array(w * h * 3).fill(100);
  const changed = (x: number, y: number, by: number) => {
    const a = base();
    a[(y * w + x) * 3 + 1] = 100 + by;
    return a;
  };
  it.each([
    ['identical', base(), null],
    ['last column within the tolerance', changed(w - 1, 1, EDGE_TOLERANCE), null],
    ['last row within the tolerance', changed(1, h - 1, -EDGE_TOLERANCE), null],
    ['last column beyond the tolerance', changed(w - 1, 1, EDGE_TOLERANCE + 1), /max 97, all in the last column or row/],
    ['one interior sample off by one', changed(1, 1, 1), /1 away from the last column and row/],
  ] as const)('%s', (_name, a, expected) => {
    const result = edgeCopyDifference(a, base(), w, h, 3);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });
});

describe('edgeTiles', () => {
  it.each([
    [1000, 700, 256, [[0, 3, 232, 256], [1, 7, 232, 256], [2, 11, 232, 188]]],
    [1024, 700, 256, []],
    [1, 1, 256, [[0, 0, 1, 1]]],
    [600, 400, 512, [[0, 1, 88, 400]]],
  ])('%i×%i, tile %i', (width, height, tile, expected) => {
    const size = levelSizes(width, height, tile)[0]!;
    expect(edgeTiles(size, tile).map((e) => [e.row, e.index, e.width, e.height])).toEqual(expected);
  });
});

const FIXTURES = BUILT_FIXTURES;

const numbers = (v: unknown): number[] | null =>
  v === null ? null : Array.from(typeof v === 'object' ? (v as ArrayLike<number | bigint>) : [v as number], Number);

describe('committed fixtures carry exact edge copies', () => {
  it.each(FIXTURES)('%s: tags on the levels that need them, a copy for every row after all tile data, each its padded tile cropped', async (name, w, h, tile) => {
    const bytes = new Uint8Array(await readFile(new URL(`../../fixtures/${name}`, import.meta.url)));
    const tiff = await Tiff.create(bytesSource(name, bytes));
    const levels = levelSizes(w, h, tile);
    let stored = 0;
    for (const [k, img] of tiff.images.entries()) {
      const offsets = numbers(await img.fetch(TAGS.EdgeTileOffsets.id as TiffTag));
      const counts = numbers(await img.fetch(TAGS.EdgeTileByteCounts.id as TiffTag));
      const edges = edgeTiles(levels[k]!, tile);
      if (edges.length === 0) {
        expect([offsets, counts]).toEqual([null, null]);
        continue;
      }
      expect([offsets?.length, counts?.length]).toEqual([levels[k]!.tilesDown, levels[k]!.tilesDown]);
      const tiles = numbers(await img.fetch(TiffTag.TileOffsets))!;
      const tileCounts = numbers(await img.fetch(TiffTag.TileByteCounts))!;
      const endOfTiles = Math.max(...tiles.map((o, i) => o + tileCounts[i]!));
      const tables = new Uint8Array(numbers(await img.fetch(TiffTag.JpegTables))!);
      for (const e of edges) {
        const padded = bytes.subarray(tiles[e.index]!, tiles[e.index]! + tileCounts[e.index]!);
        if (counts![e.row] === 0) {
          expect((await makeEdgeCopy(tables, padded, e)).bytes, `${name} level ${k} row ${e.row}`).toBeNull();
          continue;
        }
        stored++;
        expect(offsets![e.row]!).toBeGreaterThanOrEqual(endOfTiles);
        const copy = bytes.subarray(offsets![e.row]!, offsets![e.row]! + counts![e.row]!);
        const got = await decode(spliceJpeg(tables, copy));
        expect([got.info.width, got.info.height]).toEqual([e.width, e.height]);
        const want = await sharp(spliceJpeg(tables, padded)).extract({ left: 0, top: 0, width: e.width, height: e.height }).raw().toBuffer();
        // Identical, but for the last column/row of colour copies (chroma upsampling at the new edge).
        expect(edgeCopyDifference(got.data, want, e.width, e.height, got.info.channels), `${name} level ${k} row ${e.row}`).toBeNull();
        if (name.startsWith('gray')) expect(got.data.equals(want), `${name} level ${k} row ${e.row}: grey copies are exact`).toBe(true);
      }
    }
    expect(stored, 'every edge row of the fixtures has its copy').toBe(levels.reduce((n, l) => n + edgeTiles(l, tile).length, 0));
  });

  it.each(FIXTURES)('%s: geotiff.js and libvips (through sharp) still read it as a plain pyramid', async (name, w, h) => {
    const bytes = await readFile(new URL(`../../fixtures/${name}`, import.meta.url));
    const geo = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const img = await geo.getImage(0);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.pages]).toEqual([w, h, levelSizes(w, h, Number(/t(\d+)/.exec(name)![1])).length]);
    // The bottom-right corner (inside the last, padded tile, whose exact copy sits after all tile data) and
    // the top-left one read the same through both: two independent decoders of the same JPEG data agree
    // to within their IDCT rounding and chroma upsampling, which a wrong tile or wrong offsets never would.
    const cw = Math.min(w, 8);
    const ch = Math.min(h, 8);
    for (const [left, top] of [[0, 0], [w - cw, h - ch]] as const) {
      const geoRgb = (await img.readRGB({ window: [left, top, left + cw, top + ch], interleave: true })) as unknown as Uint8Array;
      const vipsRgb = await sharp(bytes).extract({ left, top, width: cw, height: ch }).toColourspace('srgb').removeAlpha().raw().toBuffer();
      expect([geoRgb.length, vipsRgb.length], `${name} at ${left},${top}`).toEqual([cw * ch * 3, cw * ch * 3]);
      const diffs = Array.from(vipsRgb, (v, i) => Math.abs(v - geoRgb[i]!));
      // Chroma upsampling differs between the two (libjpeg's smooth filter, geotiff.js's replication).
      expect(Math.max(...diffs), `${name} at ${left},${top}: largest difference between geotiff.js and libvips`).toBeLessThanOrEqual(16);
      expect(diffs.reduce((a, d) => a + d, 0) / diffs.length, `${name} at ${left},${top}: mean difference`).toBeLessThan(2);
    }
  });
});
