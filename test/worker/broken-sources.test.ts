/**
 * Broken stored objects through the real Worker (issue: hardening, "Broken sources"): each made from the
 * committed builder fixture by breaking one number or a few bytes. Every one gets a clear 5xx with its reason
 * (or, for sparse tiles, the white the TIFF spec implies), the isolate answers the next request, other images
 * keep working, and nothing broken is kept: replacing the object serves the good file at once (a cached
 * index would be trusted for REVALIDATE_SECONDS).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { locateIfds, patch16, patch32 } from '../helpers/craft-tiff';
import { fixtureBytes, get, seed } from '../helpers/worker-fixtures';

const TAG = { width: 256, tileOffsets: 324, tileByteCounts: 325, jpegTables: 347 };

/** The builder's 1000×700 chart: levels 1000×700 (4×3 tiles of 256), 500×350 (2×2), 250×175 (1×1). */
function chart(): Uint8Array<ArrayBuffer> {
  return fixtureBytes('chart').slice();
}

function tileOf(bytes: Uint8Array, ifd: number, index: number): { offset: number; count: number; offsetAt: number; countAt: number } {
  const located = locateIfds(bytes)[ifd]!;
  const offsets = located.entries.get(TAG.tileOffsets)!;
  const counts = located.entries.get(TAG.tileByteCounts)!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    offset: view.getUint32(offsets.valuesAt + index * 4, true),
    count: view.getUint32(counts.valuesAt + index * 4, true),
    offsetAt: offsets.valuesAt + index * 4,
    countAt: counts.valuesAt + index * 4,
  };
}

/** Position of the SOF marker inside a stored tile (after SOI, before SOS). */
function sofIn(bytes: Uint8Array, tile: { offset: number; count: number }): number {
  for (let i = tile.offset + 2; i < tile.offset + tile.count - 1; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) return i;
  throw new Error('no SOF in tile');
}

const TILE0 = '/iiif/3/{id}/0,0,256,256/256,/0/default.jpg'; // level 0 tile (0,0): passthrough
const TILE0_PNG = '/iiif/3/{id}/0,0,256,256/256,/0/default.png'; // the same pixels, transcoded
const TILE1 = '/iiif/3/{id}/256,0,256,256/256,/0/default.jpg'; // level 0 tile (1,0)
const INFO = '/iiif/3/{id}/info.json';

interface Case {
  readonly name: string;
  readonly make: () => Uint8Array;
  /** Requests and the status each must get, with the reason the body must name. */
  readonly expect: readonly (readonly [path: string, status: number, reason?: RegExp])[];
}

const cases: readonly Case[] = [
  {
    name: 'IFD 0 points to itself',
    make: () => {
      const b = chart();
      const [first] = locateIfds(b);
      return patch32(b, first!.nextAt, first!.at);
    },
    expect: [[INFO, 500, /loops back/], [TILE0, 500, /loops back/]],
  },
  {
    name: 'two IFDs point at each other',
    make: () => {
      const b = chart();
      const [first, second] = locateIfds(b);
      return patch32(b, second!.nextAt, first!.at);
    },
    expect: [[INFO, 500, /loops back/]],
  },
  {
    name: 'a width of 2^31 pixels',
    make: () => {
      const b = chart();
      return patch32(b, locateIfds(b)[0]!.entries.get(TAG.width)!.valuesAt, 2 ** 31);
    },
    expect: [[INFO, 500, /image width 2147483648/]],
  },
  {
    name: 'a PNG under a .tif key',
    make: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    expect: [[INFO, 501, /a PNG file, not a TIFF/]],
  },
  {
    name: 'a text file under a .tif key',
    make: () => new TextEncoder().encode('<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>\n'),
    expect: [[INFO, 501, /a text file, not a TIFF/]],
  },
  {
    name: 'a tile offset past the end',
    make: () => {
      const b = chart();
      return patch32(b, tileOf(b, 0, 0).offsetAt, b.length + 100);
    },
    expect: [[INFO, 200], [TILE0, 500, /past the end/], [TILE0_PNG, 500, /past the end/], [TILE1, 200]],
  },
  {
    name: 'a tile byte count past the end',
    make: () => {
      const b = chart();
      return patch32(b, tileOf(b, 0, 0).countAt, b.length);
    },
    expect: [[TILE0, 500, /past the end/], [TILE1, 200]],
  },
  {
    name: 'a level whose tile arrays disagree with its size',
    make: () => {
      const b = chart();
      return patch32(b, locateIfds(b)[1]!.entries.get(TAG.tileOffsets)!.entryAt + 4, 1);
    },
    expect: [[INFO, 500, /1 tile offsets and 4 byte counts for a 2×2 tile grid/]],
  },
  {
    name: 'a tile whose JPEG frame claims 4096×4096',
    make: () => {
      const b = chart();
      const sof = sofIn(b, tileOf(b, 0, 0));
      patch16(b, sof + 5, 0x0010); // big-endian 4096 in the SOF's lines and samples per line
      patch16(b, sof + 7, 0x0010);
      return b;
    },
    expect: [[TILE0, 500, /4096×4096/], [TILE0_PNG, 500, /4096×4096 with 3 components; the level's tiles are 256×256/], [TILE1, 200]],
  },
  {
    name: 'a tile whose bytes are not JPEG',
    make: () => {
      const b = chart();
      const t = tileOf(b, 0, 0);
      b.fill(0x41, t.offset, t.offset + t.count);
      return b;
    },
    expect: [[TILE0, 500, /not a JPEG stream/], [TILE0_PNG, 500, /not a JPEG stream/], [TILE1, 200]],
  },
  {
    name: 'a tile cut short (its last half zeroed, no EOI)',
    make: () => {
      const b = chart();
      const t = tileOf(b, 0, 0);
      b.fill(0, t.offset + (t.count >> 1), t.offset + t.count);
      return b;
    },
    expect: [[TILE0, 500, /cut short/], [TILE1, 200]],
  },
  {
    name: 'no JPEGTables (abbreviated tiles without their tables)',
    make: () => {
      const b = chart();
      for (const ifd of locateIfds(b)) patch16(b, ifd.entries.get(TAG.jpegTables)!.entryAt, 65000);
      return b;
    },
    expect: [[TILE0, 500, /no quantisation or Huffman tables/], [TILE0_PNG, 500, /tile of IFD 0/]],
  },
];

async function check(id: string, path: string, status: number, reason?: RegExp): Promise<void> {
  const url = path.replace('{id}', id);
  const res = await get(url);
  const body = await res.text();
  expect(res.status, `${url}: ${body}`).toBe(status);
  if (reason) expect(body).toMatch(reason);
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
}

describe('broken sources', () => {
  it.each(cases)('$name: a clear error, the isolate stays healthy, nothing broken is kept', async ({ name, make, expect: expected }) => {
    const id = `broken-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    await seed('gray', 'healthy');
    await env.IMAGES.put(`${id}.tif`, make());
    for (const [path, status, reason] of expected) await check(id, path, status, reason);
    // Asked twice: the same answer, not a cached half-open state.
    const [path, status, reason] = expected[0]!;
    await check(id, path, status, reason);

    expect((await get('/health')).status).toBe(200);
    expect((await get('/iiif/3/healthy/full/200,/0/default.png')).status).toBe(200);

    // Replaced by the good file: served at once (neither the index nor a derivative of the broken one was kept).
    await env.IMAGES.put(`${id}.tif`, chart());
    await check(id, INFO, 200);
    await check(id, TILE0, 200);
    await check(id, TILE0_PNG, 200);
  });

  it('serves a sparse (zero-length) tile as white, through the transcoder', async () => {
    const b = chart();
    patch32(b, tileOf(b, 0, 0).countAt, 0);
    await env.IMAGES.put('sparse.tif', b);
    const res = await get('/iiif/3/sparse/0,0,256,256/256,/0/default.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('Server-Timing')).toMatch(/^transcode/);
    const r = await decodeImage(new Uint8Array(await res.arrayBuffer()), 'image/png');
    expect([r.width, r.height]).toEqual([256, 256]);
    expect(r.data.every((v) => v === 255)).toBe(true);
  });

  it('a truncated file (IFDs whole, tile data cut off) describes itself and refuses every tile with the reason', async () => {
    await seed('truncated');
    const sizes = await (await get('/iiif/3/truncated/info.json')).json<{ width: number; height: number }>();
    expect([sizes.width, sizes.height]).toEqual([1000, 700]);
    for (const path of ['/iiif/3/{id}/full/250,/0/default.jpg', TILE0, TILE0_PNG, '/iiif/3/{id}/768,512,232,188/232,/0/default.jpg']) {
      await check('truncated', path, 500, /past the end of truncated\.tif \(4096 bytes\)/);
    }
  });
});

describe('corrupt entropy-coded data', () => {
  it('leaves the decoder usable for the next request', async () => {
    const b = chart();
    const t = tileOf(b, 0, 0);
    // Garbage in the middle of the scan: markers and bytes the Huffman decoder cannot follow.
    for (let i = t.offset + (t.count >> 2); i < t.offset + t.count - 8; i += 7) b[i] = 0xff;
    await env.IMAGES.put('garbled.tif', b);
    await seed('chart', 'clean');
    const garbled = await get('/iiif/3/garbled/0,0,256,256/128,/0/default.png');
    // libjpeg recovers from corrupt scans with grey fill (a warning, not an error) or fails: either way a
    // definite answer, never a hang.
    expect([200, 500]).toContain(garbled.status);
    await garbled.arrayBuffer();
    const clean = await get('/iiif/3/clean/0,0,256,256/128,/0/default.png');
    expect(clean.status).toBe(200);
    const r = await decodeImage(new Uint8Array(await clean.arrayBuffer()), 'image/png');
    expect([r.width, r.height]).toEqual([128, 128]);
  });
});
