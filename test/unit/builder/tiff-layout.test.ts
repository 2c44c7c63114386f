import { Tiff, TiffTag } from '@cogeotiff/core';
import { fromArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../scripts/pyramid/file-source';
import { readDescription } from '../../../scripts/pyramid/head-probe';
import { levelSizes } from '../../../scripts/pyramid/levels';
import { layoutPyramidTiff, type PyramidTiffLayout } from '../../../scripts/pyramid/tiff-writer';

/** A pyramid with fake tile payloads (level k, tile t: bytes of value k, length 20 + t % 7). */
function fakePyramid(width: number, height: number, tile: number, bigTiff: boolean | 'auto' = 'auto') {
  const sizes = levelSizes(width, height, tile);
  const levels = sizes.map((s) => ({
    width: s.width,
    height: s.height,
    tileSize: tile,
    channels: 3 as const,
    jpegTables: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    tileByteCounts: Array.from({ length: s.tilesAcross * s.tilesDown }, (_, t) => 20 + (t % 7)),
  }));
  const layout = layoutPyramidTiff({ levels, description: '{"x":1}', software: 'test', bigTiff });
  const file = new Uint8Array(layout.fileSize);
  file.set(layout.header);
  for (const k of layout.dataOrder) {
    levels[k]!.tileByteCounts.forEach((n, t) => file.fill(k, layout.tileOffsets[k]![t]!, layout.tileOffsets[k]![t]! + n));
  }
  return { sizes, levels, layout, file };
}

describe('levelSizes (docs/ARCHITECTURE.md §2: ceil(W/2^k) × ceil(H/2^k) down to one tile)', () => {
  it.each([
    [1, 1, 256, ['1x1']],
    [257, 1, 256, ['257x1', '129x1']],
    [10001, 7, 256, ['10001x7', '5001x4', '2501x2', '1251x1', '626x1', '313x1', '157x1']],
    [256, 256, 256, ['256x256']],
    [257, 257, 256, ['257x257', '129x129']],
    [1000, 700, 256, ['1000x700', '500x350', '250x175']],
    [1000, 700, 512, ['1000x700', '500x350']],
  ])('%i×%i tile %i', (w, h, tile, expected) => {
    expect(levelSizes(w, h, tile).map((l) => `${l.width}x${l.height}`)).toEqual(expected);
  });

  it('counts tiles per level', () => {
    expect(levelSizes(257, 1, 256).map((l) => [l.tilesAcross, l.tilesDown])).toEqual([[2, 1], [1, 1]]);
  });
});

describe('layoutPyramidTiff', () => {
  const cases: [number, number, boolean | 'auto'][] = [
    [1, 1, 'auto'],
    [257, 1, 'auto'],
    [10001, 7, 'auto'],
    [256, 256, 'auto'],
    [257, 257, 'auto'],
    [1000, 700, true],
  ];

  it.each(cases)('%i×%i (bigTiff %s): every IFD and tile array is inside the header', async (w, h, big) => {
    const { sizes, layout, file } = fakePyramid(w, h, 256, big);
    // Open from the header bytes alone: if anything lived after them, cogeotiff could not see it.
    const tiff = await Tiff.create(bytesSource('head', layout.header, file.length));
    expect(tiff.images.map((i) => `${i.size.width}x${i.size.height}`)).toEqual(sizes.map((s) => `${s.width}x${s.height}`));
    for (const [k, img] of tiff.images.entries()) {
      const offsets = (await img.fetch(TiffTag.TileOffsets)) as ArrayLike<number | bigint>;
      expect(Array.from(offsets, Number)).toEqual(layout.tileOffsets[k]);
      expect(img.value(TiffTag.SubFileType) ?? 0).toBe(k === 0 ? 0 : 1);
    }
  });

  it.each(cases)('%i×%i: tile data follows the header, smallest level first, without gaps', (w, h, big) => {
    const { layout, levels } = fakePyramid(w, h, 256, big);
    const spans = layout.dataOrder.flatMap((k) =>
      levels[k]!.tileByteCounts.map((n, t) => [k, layout.tileOffsets[k]![t]!, n] as const),
    );
    expect(spans[0]![1]).toBe(layout.header.length);
    spans.slice(1).forEach(([, at], i) => expect(at).toBe(spans[i]![1] + spans[i]![2]));
    expect(spans.at(-1)![1] + spans.at(-1)![2]).toBe(layout.fileSize);
    expect(spans.map(([k]) => k)).toEqual([...spans.map(([k]) => k)].sort((a, b) => b - a));
  });

  it('writes classic TIFF by default and BigTIFF when forced', () => {
    const classic = fakePyramid(300, 300, 256).layout;
    const big = fakePyramid(300, 300, 256, true).layout;
    const magic = (l: PyramidTiffLayout) => l.header[2]! | (l.header[3]! << 8);
    expect([classic.bigTiff, magic(classic)]).toEqual([false, 42]);
    expect([big.bigTiff, magic(big)]).toEqual([true, 43]);
  });

  it('refuses a classic layout past 4 GiB instead of wrapping offsets', () => {
    const half = 2 ** 31; // two tiles of 2 GiB: together past what classic TIFF offsets can address
    const level = { width: 512, height: 256, tileSize: 256, channels: 3 as const, jpegTables: new Uint8Array(4), tileByteCounts: [half, half] };
    expect(() => layoutPyramidTiff({ levels: [level], description: '', software: '', bigTiff: false })).toThrow(/BigTIFF/);
    expect(layoutPyramidTiff({ levels: [level], description: '', software: '' }).bigTiff).toBe(true);
  });

  it.each([false, true])('BigTIFF %s: geotiff.js reads sizes and tile bytes at the offsets written', async (big) => {
    const { file, layout, sizes } = fakePyramid(600, 300, 256, big);
    const tiff = await fromArrayBuffer(file.slice().buffer);
    expect(await tiff.getImageCount()).toBe(sizes.length);
    for (const [k, s] of sizes.entries()) {
      const img = await tiff.getImage(k);
      expect([img.getWidth(), img.getHeight(), img.getTileWidth()]).toEqual([s.width, s.height, 256]);
      const last = s.tilesAcross * s.tilesDown - 1;
      const offset = Number(await img.fileDirectory.loadValueIndexed('TileOffsets', last));
      expect(offset).toBe(layout.tileOffsets[k]![last]);
      expect(file[offset]).toBe(k);
    }
  });

  it('puts the provenance text where a head read finds it', () => {
    for (const big of [false, true]) expect(readDescription(fakePyramid(700, 500, 256, big).layout.header)).toBe('{"x":1}');
    expect(readDescription(new Uint8Array(64))).toBeNull();
  });
});
