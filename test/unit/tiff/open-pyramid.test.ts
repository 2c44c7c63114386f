import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UnsupportedSource } from '../../../src/errors';
import { MemorySource } from '../../../src/source/memory-source';
import { HEAD_READ_BYTES, openPyramid } from '../../../src/tiff/open-pyramid';

/** A 600×400 colour gradient; inputs are made here so each case says exactly what it is. */
function gradient(width = 600, height = 400, channels: 1 | 3 = 3): ReturnType<typeof sharp> {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = (x + y * (c + 1)) & 0xff;
  const img = sharp(data, { raw: { width, height, channels } });
  return channels === 1 ? img.toColourspace('b-w') : img;
}

async function open(bytes: Buffer) {
  const source = new MemorySource(new Uint8Array(bytes), 'test.tif');
  const head = await source.read(0, HEAD_READ_BYTES);
  return { index: await openPyramid(source, head), source };
}

describe('openPyramid', () => {
  it('reads a libvips JPEG pyramid (IFDs after the data) with every level and its tables', async () => {
    const tif = await gradient().tiff({ tile: true, pyramid: true, compression: 'jpeg', tileWidth: 256, tileHeight: 256 }).toBuffer();
    const { index } = await open(tif);
    expect(index.width).toBe(600);
    expect(index.height).toBe(400);
    expect(index.channels).toBe(3);
    expect(index.levels.map((l) => [l.width, l.height])).toEqual([
      [600, 400],
      [300, 200],
      [150, 100],
    ]);
    const l0 = index.levels[0]!;
    expect(l0.compression).toBe('jpeg');
    expect(l0.photometric).toBe('ycbcr');
    expect([l0.tilesAcross, l0.tilesDown]).toEqual([3, 2]);
    expect(l0.tileOffsets.length).toBe(6);
    expect(l0.jpegTables?.[0]).toBe(0xff);
    for (let i = 0; i < 6; i++) expect(l0.tileByteCounts[i]).toBeGreaterThan(0);
  });

  it.each([
    ['deflate', 'deflate'],
    ['none', 'none'],
  ] as const)('accepts %s tiles', async (compression, expected) => {
    const tif = await gradient(300, 200).tiff({ tile: true, pyramid: true, compression }).toBuffer();
    const { index } = await open(tif);
    expect(index.levels[0]!.compression).toBe(expected);
    expect(index.levels[0]!.photometric).toBe('rgb');
  });

  it('keeps grey as one channel', async () => {
    const tif = await gradient(300, 200, 1).tiff({ tile: true, pyramid: true, compression: 'jpeg' }).toBuffer();
    const { index } = await open(tif);
    expect(index.channels).toBe(1);
    expect(index.levels[0]!.photometric).toBe('gray');
  });

  it.each([
    ['LZW tiles', () => gradient(300, 200).tiff({ tile: true, compression: 'lzw' }), /LZW/],
    ['16-bit samples', () => gradient(300, 200).toColourspace('rgb16').tiff({ tile: true, compression: 'deflate' }), /16-bit/],
    ['strips', () => gradient(300, 200).tiff({ compression: 'jpeg' }), /not tiled/],
    ['alpha', () => gradient(300, 200).ensureAlpha().tiff({ tile: true, compression: 'deflate' }), /samples per pixel/],
  ])('refuses %s with a reason', async (_name, make, reason) => {
    const err = await open(await make().toBuffer()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedSource);
    expect((err as Error).message).toMatch(reason);
    expect((err as UnsupportedSource).status).toBe(501);
  });

  it('refuses bytes that are not a TIFF', async () => {
    const png = await gradient(64, 64).png().toBuffer();
    await expect(open(png)).rejects.toBeInstanceOf(UnsupportedSource);
  });

  it('needs only the head read for a file whose index sits in the first 64 KiB', async () => {
    const tif = await gradient().tiff({ tile: true, pyramid: true, compression: 'jpeg' }).toBuffer();
    const source = new MemorySource(new Uint8Array(tif));
    const head = await source.read(0, HEAD_READ_BYTES);
    await openPyramid(source, head);
    // The whole (small) file fits in the head: no read beyond the first.
    expect(source.reads.length).toBe(1);
  });
});

describe('openPyramid on committed third-party fixtures', () => {
  const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', name));

  it.each([
    ['vips-subifd-1000x700-jpeg.tif', [[1000, 700], [500, 350], [250, 175]]],
    ['vips-pyramid-999x701-jpeg.tif', [[999, 701], [499, 350], [249, 175]]],
    ['be-chart-1000x700-t256-q90.tif', [[1000, 700], [500, 350], [250, 175]]],
    ['chart-600x400-t256-bigtiff.tif', [[600, 400], [300, 200], [150, 100]]],
  ])('%s has levels %j', async (name, sizes) => {
    const { index } = await open(fixture(name));
    expect(index.levels.map((l) => [l.width, l.height])).toEqual(sizes);
    for (const level of index.levels) {
      expect(level.tileOffsets.length).toBe(level.tilesAcross * level.tilesDown);
      for (let i = 0; i < level.tileOffsets.length; i++) {
        expect(level.tileOffsets[i]! + level.tileByteCounts[i]!).toBeLessThanOrEqual(fixture(name).length);
      }
    }
  });
});
