/**
 * renderTranscode inside workerd with the real WASM codecs, on tiles built from a four-colour pattern
 * (pixels-tiles.ts). Level 600×400 in 256² tiles: the right column and bottom row are padded edge tiles,
 * and the quadrant split (300, 200) lies inside tiles, not on their borders.
 */
import { describe, expect, it } from 'vitest';
import type { Format } from '../../src/iiif/types';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { luminance } from '../../src/pixels/quality';
import type { Raster } from '../../src/pixels/raster';
import { renderTranscode } from '../../src/pixels/render';
import { Timing } from '../../src/service/timing';
import type { TranscodePlan } from '../../src/plan/types';
import type { PyramidLevel } from '../../src/tiff/pyramid';
import { delta, planFor, POISON, QUADRANTS, quadrants, rgbAt, storeTiles, type Rgb } from './pixels-tiles';

const W = 600;
const H = 400;
const IMAGE = quadrants(W, H);
const FULL = { x: 0, y: 0, w: W, h: H };

async function render(level: PyramidLevel, tiles: ReadonlyMap<number, Uint8Array>, plan: TranscodePlan) {
  const timing = new Timing();
  const out = await renderTranscode(plan, level, tiles, timing);
  return { out, image: await decodeImage(out.body, out.contentType), timing };
}

/** Colour at the centre of each output quadrant, TL TR BL BR. */
function quadrantColours(r: Raster): Rgb[] {
  const xs = [Math.floor(r.width / 4), Math.floor((3 * r.width) / 4)];
  const ys = [Math.floor(r.height / 4), Math.floor((3 * r.height) / 4)];
  return [rgbAt(r, xs[0]!, ys[0]!), rgbAt(r, xs[1]!, ys[0]!), rgbAt(r, xs[0]!, ys[1]!), rgbAt(r, xs[1]!, ys[1]!)];
}

function expectColours(seen: readonly Rgb[], expected: readonly Rgb[], tolerance: number): void {
  expect(seen.length).toBe(expected.length);
  seen.forEach((c, i) => expect(delta(c, expected[i]!), `quadrant ${i}: ${c} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance));
}

describe('renderTranscode: formats and sizes from JPEG tiles', () => {
  it.each([
    { format: 'jpg', type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
    { format: 'png', type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
    { format: 'webp', type: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
  ] as const)('$format at 300×200 from the whole level', async ({ format, type, magic }) => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'jpeg' });
    const { out, image, timing } = await render(level, tiles, planFor(level, FULL, { width: 300, height: 200, format }));
    expect(out.contentType).toBe(type);
    expect([...out.body.subarray(0, magic.length)]).toEqual(magic);
    expect([image.width, image.height]).toEqual([300, 200]);
    expectColours(quadrantColours(image), QUADRANTS, 12);
    expect(timing.entries().map((e) => e.name)).toEqual(
      expect.arrayContaining(['decode', 'stitch', 'resize', 'orient', 'quality', 'encode']),
    );
  });

  it('never shows edge-tile padding: the bottom-right corner crop is image colour', async () => {
    // Lossless tiles, so the check is exact (in JPEG tiles the padding bleeds into the last 8-16 pixels).
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    const crop = { x: 500, y: 300, w: 100, h: 100 };
    const { image } = await render(level, tiles, planFor(level, crop, { format: 'png' }));
    expect([image.width, image.height]).toEqual([100, 100]);
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) expect(rgbAt(image, x, y)).toEqual([...QUADRANTS[3]!]);
    }
    expect(delta(QUADRANTS[3]!, POISON)).toBeGreaterThan(100);
  });

  it('box-reduces a crop at least twice the output and keeps the colours in place', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'jpeg' });
    const { image } = await render(level, tiles, planFor(level, FULL, { width: 150, height: 100, format: 'png' }));
    expect([image.width, image.height]).toEqual([150, 100]);
    expectColours(quadrantColours(image), QUADRANTS, 12);
  });
});

describe('renderTranscode: lossless tiles, bit-exact', () => {
  it.each([
    { compression: 'none', predictor: 1 },
    { compression: 'deflate', predictor: 1 },
    { compression: 'deflate', predictor: 2 },
  ] as const)('$compression, predictor $predictor: a crop across four tiles equals the source', async (opts) => {
    const { level, tiles } = await storeTiles(IMAGE, opts);
    const crop = { x: 200, y: 150, w: 150, h: 200 };
    const { image } = await render(level, tiles, planFor(level, crop, { format: 'png' }));
    expect([image.width, image.height]).toEqual([150, 200]);
    for (const [x, y] of [[0, 0], [99, 49], [100, 50], [149, 199], [56, 106]] as const) {
      expect(rgbAt(image, x, y)).toEqual(rgbAt(IMAGE, crop.x + x, crop.y + y));
    }
  });

  it('one-band uncompressed tiles render as grey', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none', samplesPerPixel: 1 });
    const { image } = await render(level, tiles, planFor(level, FULL, { format: 'png' }));
    // One band stores the red channel of the pattern, so every output pixel is (red, red, red).
    expect(quadrantColours(image)).toEqual(QUADRANTS.map(([r]) => [r, r, r]));
  });

  it('renders missing (sparse) tiles white', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    tiles.delete(0);
    tiles.set(2, new Uint8Array(0));
    const { image } = await render(level, tiles, planFor(level, FULL, { format: 'png' }));
    expect(rgbAt(image, 10, 10)).toEqual([255, 255, 255]);
    expect(rgbAt(image, 590, 10)).toEqual([255, 255, 255]);
    expect(rgbAt(image, 300, 10)).toEqual([...QUADRANTS[1]!]);
    expect(rgbAt(image, 10, 390)).toEqual([...QUADRANTS[2]!]);
  });
});

describe('renderTranscode: mirror then rotate (Image API 3.0 §4.4)', () => {
  const [TL, TR, BL, BR] = QUADRANTS;
  it.each([
    { mirror: false, degrees: 0, size: [600, 400], order: [TL, TR, BL, BR] },
    { mirror: false, degrees: 90, size: [400, 600], order: [BL, TL, BR, TR] },
    { mirror: false, degrees: 180, size: [600, 400], order: [BR, BL, TR, TL] },
    { mirror: false, degrees: 270, size: [400, 600], order: [TR, BR, TL, BL] },
    { mirror: true, degrees: 0, size: [600, 400], order: [TR, TL, BR, BL] },
    { mirror: true, degrees: 90, size: [400, 600], order: [BR, TR, BL, TL] },
    { mirror: true, degrees: 180, size: [600, 400], order: [BL, BR, TL, TR] },
    { mirror: true, degrees: 270, size: [400, 600], order: [TL, BL, TR, BR] },
  ])('mirror=$mirror rotation=$degrees', async ({ mirror, degrees, size, order }) => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    const plan = planFor(level, FULL, { rotation: { mirror, degrees }, format: 'png' });
    const { image } = await render(level, tiles, plan);
    expect([image.width, image.height]).toEqual(size);
    expect(quadrantColours(image)).toEqual(order.map((c) => [...c!]));
  });
});

describe('renderTranscode: qualities', () => {
  const grey = QUADRANTS.map(([r, g, b]) => luminance(r, g, b));

  it.each(['jpg', 'png', 'webp'] as const)('gray %s holds BT.709 luminance', async (format: Format) => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    const { image } = await render(level, tiles, planFor(level, FULL, { quality: 'gray', format }));
    const tolerance = format === 'png' ? 0 : 4;
    expectColours(quadrantColours(image), grey.map((v) => [v, v, v] as const), tolerance);
  });

  it('gray JPEG is written with one component', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    const { out } = await render(level, tiles, planFor(level, FULL, { quality: 'gray', format: 'jpg' }));
    const sof = out.body.findIndex((b, i) => b === 0xff && out.body[i + 1] === 0xc0);
    expect(out.body[sof + 9]).toBe(1); // SOF0 Nf: number of components (ITU T.81 §B.2.2)
  });

  it('bitonal is black and white only, thresholded at grey 128', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    const { image } = await render(level, tiles, planFor(level, FULL, { quality: 'bitonal', format: 'png' }));
    expect(quadrantColours(image)).toEqual(grey.map((v) => (v >= 128 ? [255, 255, 255] : [0, 0, 0])));
    const values = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4) values.add(image.data[i]!);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
  });
});
