/**
 * Passthrough (docs/ARCHITECTURE.md §3 step 6) proven byte for byte: for tile-aligned requests the body must equal SOI +
 * JPEGTables body + stored tile body (bottom-edge tiles with the SOF height cut to the real rows), computed
 * here from the fixture bytes by the test's own TIFF reader, not by src/tiff. Server-Timing names the path
 * and, with the pyramid index already open, exactly one R2 read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { fixtureBytes, get, seed, type FixtureName } from '../helpers/worker-fixtures';
import { expectedPassthrough, readTestTiff, storedTile } from '../helpers/worker-tiff';

interface TileCase {
  readonly fixture: FixtureName;
  readonly version: 2 | 3;
  /** Pyramid level (IFD) and tile position the request maps onto. */
  readonly level: number;
  readonly col: number;
  readonly row: number;
  readonly quality?: string;
}

/** The IIIF tile request a viewer makes for a stored tile (3.0 implementation notes §3, 2.1 Appendix A). */
function tileRequest({ fixture, version, level, col, row, quality = 'default' }: TileCase) {
  const ifds = readTestTiff(fixtureBytes(fixture));
  const full = ifds[0]!;
  const ifd = ifds[level]!;
  const s = 2 ** level;
  const x = col * ifd.tileWidth * s;
  const y = row * ifd.tileHeight * s;
  const w = Math.min(ifd.tileWidth * s, full.width - x);
  const h = Math.min(ifd.tileHeight * s, full.height - y);
  const outW = Math.ceil(w / s);
  const outH = Math.ceil(h / s);
  const size = version === 3 ? `${outW},${outH}` : `${outW},`;
  return { ifd, outW, outH, path: `/iiif/${version}/${fixture}/${x},${y},${w},${h}/${size}/0/${quality}.jpg` };
}

function serverTiming(res: Response): string {
  return res.headers.get('Server-Timing') ?? '';
}

beforeAll(async () => {
  for (const name of ['chart', 'gray', 't512', 'bigtiff', 'vips', 'subifd'] as const) {
    await seed(name);
    // Opens the pyramid index in this isolate, so each tile request below costs only its tile read.
    expect((await get(`/iiif/3/${name}/info.json`)).status).toBe(200);
  }
});

describe('passthrough bodies are the stored tiles', () => {
  it.each<TileCase>([
    { fixture: 'chart', version: 3, level: 0, col: 0, row: 0 },
    { fixture: 'chart', version: 3, level: 0, col: 2, row: 1 },
    // Bottom edge: 700 - 512 = 188 real rows of a 256-row stored tile.
    { fixture: 'chart', version: 3, level: 0, col: 1, row: 2 },
    { fixture: 'chart', version: 3, level: 1, col: 0, row: 0 },
    // Level 1 is 500×350: its bottom row has 94 real rows.
    { fixture: 'chart', version: 3, level: 1, col: 0, row: 1 },
    { fixture: 'chart', version: 2, level: 0, col: 1, row: 1 },
    { fixture: 'chart', version: 2, level: 1, col: 0, row: 1 },
    { fixture: 'chart', version: 3, level: 0, col: 0, row: 0, quality: 'color' },
    // A grey source's gray (and default) is its stored band.
    { fixture: 'gray', version: 3, level: 0, col: 1, row: 2 },
    { fixture: 'gray', version: 3, level: 1, col: 0, row: 1, quality: 'gray' },
    // 512² tiles; the only row is a bottom edge (400 of 512 rows).
    { fixture: 't512', version: 3, level: 0, col: 0, row: 0 },
    { fixture: 'bigtiff', version: 3, level: 0, col: 1, row: 1 },
    // Third-party layouts: libvips with IFDs after the data, and levels as SubIFDs of IFD 0.
    { fixture: 'vips', version: 3, level: 1, col: 0, row: 1 },
    { fixture: 'subifd', version: 3, level: 1, col: 0, row: 0 },
    { fixture: 'subifd', version: 3, level: 0, col: 2, row: 2 },
  ])('$fixture v$version level $level tile ($col,$row) $quality', async (c) => {
    const { ifd, outW, outH, path } = tileRequest(c);
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/jpeg');
    const body = new Uint8Array(await res.arrayBuffer());
    const expected = expectedPassthrough(ifd, storedTile(fixtureBytes(c.fixture), ifd, c.col, c.row), outH);
    expect(body.length).toBe(expected.length);
    expect(body).toEqual(expected);
    expect(serverTiming(res)).toMatch(/^passthrough, r2;dur=[\d.]+;desc="1 read"/);
    const image = await decodeImage(body, 'image/jpeg');
    expect([image.width, image.height]).toEqual([outW, outH]);
  });
});

describe('requests that must not pass through', () => {
  it.each([
    // Right edge of a file without exact-size edge copies (libvips layout): the stored tile is padded to
    // 256 columns and a JPEG cannot be narrowed without re-encoding. (Builder files carry copies: see
    // test/worker/edge-tiles.test.ts.)
    { what: 'a right-edge tile without an edge copy', path: '/iiif/3/vips/768,0,232,256/232,256/0/default.jpg', size: [232, 256] },
    { what: 'a tile as png', path: '/iiif/3/chart/0,0,256,256/256,256/0/default.png', size: [256, 256] },
    { what: 'a tile in gray', path: '/iiif/3/chart/0,0,256,256/256,256/0/gray.jpg', size: [256, 256] },
    { what: 'a mirrored tile', path: '/iiif/3/chart/0,0,256,256/256,256/!0/default.jpg', size: [256, 256] },
    { what: 'a rotated tile', path: '/iiif/3/chart/0,0,256,256/256,256/90/default.jpg', size: [256, 256] },
    { what: 'a scaled tile', path: '/iiif/3/chart/0,0,256,256/128,128/0/default.jpg', size: [128, 128] },
    { what: 'a tile shifted by one pixel', path: '/iiif/3/chart/1,0,256,256/256,256/0/default.jpg', size: [256, 256] },
  ])('$what is transcoded', async ({ path, size }) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(serverTiming(res)).toMatch(/^transcode, /);
    const image = await decodeImage(new Uint8Array(await res.arrayBuffer()), res.headers.get('Content-Type')!);
    expect([image.width, image.height]).toEqual(size);
  });
});
