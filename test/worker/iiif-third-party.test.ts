/**
 * Pyramids made by other tools (test/fixtures/README.md): libvips layouts with IFDs after the data and
 * floor-rounded levels, deflate with Predictor 2, uncompressed colour and grey, big-endian, BigTIFF, 512
 * tiles, 1×1, 257×257 and levels stored as SubIFDs. info.json must describe the stored levels; lossless sources must come back
 * bit-exact (checked against the test's own decoding of the stored tiles); JPEG sources must look like the
 * builder's copy of the same master. Unsupported and damaged sources answer with a reason, not a crash.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import type { Raster } from '../../src/pixels/raster';
import { fixtureBytes, get, seedAll, type FixtureName } from '../helpers/worker-fixtures';
import { losslessTileSamples, readTestTiff, type TestIfd } from '../helpers/worker-tiff';

async function image(path: string): Promise<Raster> {
  const res = await get(path);
  expect(res.status, `${path}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
  return decodeImage(new Uint8Array(await res.arrayBuffer()), res.headers.get('Content-Type')!);
}

/** Scale factor 2^k for level k when its size is W/2^k rounded either way (3.0 §5.4 integer factors). */
function expectedTiles(name: FixtureName) {
  const ifds = readTestTiff(fixtureBytes(name));
  const full = ifds[0]!;
  const factors = ifds.map((l, k) => {
    const s = 2 ** k;
    expect([Math.floor(full.width / s), Math.ceil(full.width / s)]).toContain(l.width);
    expect([Math.floor(full.height / s), Math.ceil(full.height / s)]).toContain(l.height);
    return s;
  });
  return { full, tiles: [{ width: full.tileWidth, height: full.tileHeight, scaleFactors: factors }], ifds };
}

/** One whole level of a lossless IFD as RGBA, from the test's own reading of its tiles. */
async function levelRgba(bytes: Uint8Array, ifd: TestIfd): Promise<Raster> {
  const { width, height, tileWidth: tw, tileHeight: th, samplesPerPixel: spp } = ifd;
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row * th < height; row++) {
    for (let col = 0; col * tw < width; col++) {
      const samples = await losslessTileSamples(bytes, ifd, col, row);
      for (let y = 0; y < th && row * th + y < height; y++) {
        for (let x = 0; x < tw && col * tw + x < width; x++) {
          const from = (y * tw + x) * spp;
          const to = ((row * th + y) * width + col * tw + x) * 4;
          for (let c = 0; c < 3; c++) data[to + c] = samples[from + (spp === 1 ? 0 : c)]!;
          data[to + 3] = 255;
        }
      }
    }
  }
  return { width, height, data } as Raster;
}

function crop(r: Raster, x: number, y: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let row = 0; row < h; row++) out.set(r.data.subarray(((y + row) * r.width + x) * 4, ((y + row) * r.width + x + w) * 4), row * w * 4);
  return out;
}

/** Mean absolute difference over the RGB channels of two same-sized rasters. */
function meanAbsDiff(a: Raster, b: Raster): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
  }
  return sum / (a.width * a.height * 3);
}

beforeAll(seedAll);

describe('info.json describes the stored levels', () => {
  it.each<FixtureName>(['vips', 'vipsOdd', 'subifd', 'deflate', 'none', 'grayNone', 'be', 'bigtiff', 't512', 'oneByOne', 'odd257'])(
    '%s',
    async (name) => {
      const { full, tiles, ifds } = expectedTiles(name);
      const res = await get(`/iiif/3/${name}/info.json`);
      expect(res.status).toBe(200);
      const info = (await res.json()) as Record<string, unknown>;
      expect([info['width'], info['height']]).toEqual([full.width, full.height]);
      expect(info['tiles']).toEqual(tiles);
      expect(info['sizes']).toEqual(
        ifds.map((l) => ({ width: l.width, height: l.height })).sort((a, b) => a.width * a.height - b.width * b.height),
      );
      expect(info['extraQualities']).toEqual(full.samplesPerPixel === 1 ? ['gray', 'bitonal'] : ['color', 'gray', 'bitonal']);
    },
  );
});

describe('requests decode to the asked size', () => {
  it.each([
    { name: 'vips', path: 'full/max/0/default.jpg', size: [1000, 700] },
    { name: 'vips', path: '512,512,488,188/244,94/0/default.jpg', size: [244, 94] },
    { name: 'vipsOdd', path: 'full/max/0/default.jpg', size: [999, 701] },
    // Bottom-right tiles at each floor-rounded level, as a viewer asks for them (ceil of region / s).
    { name: 'vipsOdd', path: '768,512,231,189/231,189/0/default.jpg', size: [231, 189] },
    { name: 'vipsOdd', path: '512,512,487,189/244,95/0/default.jpg', size: [244, 95] },
    { name: 'vipsOdd', path: 'full/249,/0/default.jpg', size: [249, 175] },
    { name: 'subifd', path: 'full/max/0/default.jpg', size: [1000, 700] },
    { name: 'subifd', path: 'full/250,/90/default.jpg', size: [175, 250] },
    { name: 'deflate', path: 'full/max/0/default.jpg', size: [500, 350] },
    { name: 'deflate', path: 'full/125,/90/gray.png', size: [88, 125] },
    { name: 'none', path: '128,128,72,22/max/0/default.webp', size: [72, 22] },
    { name: 'none', path: 'full/50,/0/bitonal.png', size: [50, 38] },
    { name: 'grayNone', path: 'full/150,/0/default.jpg', size: [150, 100] },
    { name: 'grayNone', path: 'square/64,64/270/gray.png', size: [64, 64] },
    { name: 'be', path: 'full/max/0/default.jpg', size: [1000, 700] },
    { name: 'be', path: '768,512,232,188/232,188/0/default.jpg', size: [232, 188] },
    { name: 'bigtiff', path: 'full/max/0/default.jpg', size: [600, 400] },
    { name: 'bigtiff', path: '512,256,88,144/88,144/0/default.jpg', size: [88, 144] },
    { name: 't512', path: 'full/max/0/default.jpg', size: [600, 400] },
    { name: 't512', path: '512,0,88,400/88,400/0/default.jpg', size: [88, 400] },
    { name: 't512', path: 'full/300,/0/default.jpg', size: [300, 200] },
    { name: 'oneByOne', path: 'full/max/0/default.jpg', size: [1, 1] },
    { name: 'oneByOne', path: 'full/^100,/0/default.png', size: [100, 100] },
    { name: 'oneByOne', path: 'square/max/90/gray.jpg', size: [1, 1] },
    { name: 'odd257', path: 'full/max/0/default.jpg', size: [257, 257] },
    { name: 'odd257', path: '256,256,1,1/max/0/default.png', size: [1, 1] },
    { name: 'odd257', path: '256,0,1,256/1,256/0/default.jpg', size: [1, 256] },
    { name: 'odd257', path: '0,256,256,1/256,1/0/default.jpg', size: [256, 1] },
    { name: 'odd257', path: 'full/129,/0/default.jpg', size: [129, 129] },
  ])('$name $path → $size', async ({ name, path, size }) => {
    const out = await image(`/iiif/3/${name}/${path}`);
    expect([out.width, out.height]).toEqual(size);
  });
});

describe('lossless sources come back bit-exact as PNG', () => {
  it.each([
    { name: 'deflate', level: 0, path: 'full/max/0/default.png', rect: [0, 0, 500, 350] },
    { name: 'deflate', level: 0, path: '200,100,150,200/max/0/default.png', rect: [200, 100, 150, 200] },
    { name: 'deflate', level: 1, path: 'full/250,/0/default.png', rect: [0, 0, 250, 175] },
    { name: 'none', level: 0, path: 'full/max/0/default.png', rect: [0, 0, 200, 150] },
    { name: 'none', level: 0, path: '100,100,100,50/max/0/default.png', rect: [100, 100, 100, 50] },
    { name: 'grayNone', level: 0, path: 'full/max/0/default.png', rect: [0, 0, 300, 200] },
    { name: 'grayNone', level: 1, path: 'full/150,/0/gray.png', rect: [0, 0, 150, 100] },
  ] as const)('$name $path', async ({ name, level, path, rect }) => {
    const bytes = fixtureBytes(name);
    const expected = await levelRgba(bytes, readTestTiff(bytes)[level]!);
    const out = await image(`/iiif/3/${name}/${path}`);
    const [x, y, w, h] = rect;
    expect([out.width, out.height]).toEqual([w, h]);
    expect(out.data).toEqual(crop(expected, x, y, w, h));
  });
});

describe('JPEG third-party sources look like the builder copy of the same master', () => {
  // Both are JPEG (q85 vips, q75 tiffcp, q90 builder) of chart(1000, 700): a small mean difference. A
  // 4-pixel shift of the same chart must exceed the bound, so it would catch misplaced tiles or colours.
  const BOUND = 4;

  it.each<FixtureName>(['vips', 'subifd', 'be'])('%s vs chart', async (name) => {
    for (const path of ['full/500,/0/default.png', '250,250,500,400/max/0/default.png']) {
      const ours = await image(`/iiif/3/chart/${path}`);
      const theirs = await image(`/iiif/3/${name}/${path}`);
      expect(meanAbsDiff(theirs, ours), path).toBeLessThan(BOUND);
    }
  });

  it('the bound is meaningful: a region shifted by 4 px exceeds it', async () => {
    const ours = await image('/iiif/3/chart/250,250,500,400/max/0/default.png');
    const shifted = await image('/iiif/3/vips/254,250,500,400/max/0/default.png');
    expect(meanAbsDiff(shifted, ours)).toBeGreaterThan(BOUND);
  });
});

describe('sources the service cannot read', () => {
  it.each([
    { name: 'lzw', reason: /LZW/ },
    { name: 'rgb16', reason: /16-bit/ },
  ] as const)('$name: 501 with the reason, for info.json and images', async ({ name, reason }) => {
    for (const path of ['info.json', 'full/max/0/default.jpg']) {
      const res = await get(`/iiif/3/${name}/${path}`);
      expect(res.status).toBe(501);
      expect(await res.text()).toMatch(reason);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    }
  });

  it.each([
    { what: 'an empty object', bytes: new Uint8Array(0), reason: /empty object, not a TIFF/ },
    {
      what: 'a PNG',
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      reason: /a PNG file, not a TIFF/,
    },
    { what: 'text', bytes: new TextEncoder().encode('not an image at all\n'), reason: /a text file, not a TIFF/ },
  ])('$what stored under an identifier: 501 naming what it is', async ({ what, bytes, reason }) => {
    const id = `junk-${what.replace(/\W+/g, '-')}`;
    await env.IMAGES.put(`${id}.tif`, bytes);
    const res = await get(`/iiif/3/${id}/info.json`);
    expect(res.status).toBe(501);
    expect(await res.text()).toMatch(reason);
  });

  it('a truncated file: index readable, tiles past the end answer 500 with the reason', async () => {
    // The first 4096 bytes hold every IFD (so info.json works) but no tile data.
    const info = await get('/iiif/3/truncated/info.json');
    expect(info.status).toBe(200);
    for (const path of ['0,0,256,256/256,256/0/default.jpg', 'full/100,/0/default.jpg']) {
      const res = await get(`/iiif/3/truncated/${path}`);
      expect(res.status, path).toBe(500);
      expect(await res.text()).toMatch(/past the end/);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    }
    // The isolate survives: a good image still renders afterwards.
    expect((await get('/iiif/3/chart/full/100,/0/default.jpg')).status).toBe(200);
  });
});
