/**
 * A GDAL Cloud Optimized GeoTIFF (gdal_translate -of COG, test/fixtures/README.md): ghost header, IFDs
 * before the data, tile leaders, JPEGTables holding only the quantisation tables (each tile carries its own
 * Huffman tables) and overviews rounded GDAL's way. Opened in one read, tiles passed through byte for
 * byte, transcodes decoded to the right size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { fixtureBytes, get, seed } from '../helpers/worker-fixtures';
import { expectedPassthrough, readTestTiff, storedTile } from '../helpers/worker-tiff';

beforeAll(async () => {
  await seed('gdalCog', 'cog');
});

describe('GDAL COG', () => {
  it('info.json has its real levels, opened with one R2 read', async () => {
    const res = await get('/iiif/3/cog/info.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('Server-Timing')).toContain('desc="1 read"');
    const info = (await res.json()) as { width: number; height: number; tiles: { scaleFactors: number[] }[]; sizes: { width: number }[] };
    const ifds = readTestTiff(fixtureBytes('gdalCog'));
    expect([info.width, info.height]).toEqual([ifds[0]!.width, ifds[0]!.height]);
    expect(info.tiles[0]!.scaleFactors).toEqual(ifds.map((_, k) => 2 ** k));
    expect(info.sizes.map((s) => s.width).sort((a, b) => a - b)).toEqual(ifds.map((i) => i.width).sort((a, b) => a - b));
  });

  it.each([
    [0, 0, 0],
    [0, 1, 1],
    [1, 0, 0],
  ])('level %i tile (%i,%i) passes through as SOI + its tables + the stored tile', async (k, col, row) => {
    const bytes = fixtureBytes('gdalCog');
    const ifd = readTestTiff(bytes)[k]!;
    const f = 2 ** k;
    const w = Math.min(ifd.tileWidth, ifd.width - col * ifd.tileWidth);
    const h = Math.min(ifd.tileHeight, ifd.height - row * ifd.tileHeight);
    const region = `${col * ifd.tileWidth * f},${row * ifd.tileHeight * f},${w * f},${h * f}`;
    const res = await get(`/iiif/3/cog/${region}/${w},${h}/0/default.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Server-Timing')).toMatch(/^passthrough/);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(expectedPassthrough(ifd, storedTile(bytes, ifd, col, row), h));
    const image = await decodeImage(body, 'image/jpeg');
    expect([image.width, image.height]).toEqual([w, h]);
  });

  it.each([
    ['full/!300,300/0/default.png', [300, 210]],
    ['100,100,600,400/300,/90/gray.jpg', [200, 300]],
  ] as const)('%s transcodes to %j', async (path, size) => {
    const res = await get(`/iiif/3/cog/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Server-Timing')).toMatch(/^transcode/);
    const image = await decodeImage(new Uint8Array(await res.arrayBuffer()), res.headers.get('Content-Type')!);
    expect([image.width, image.height]).toEqual(size);
  });
});
