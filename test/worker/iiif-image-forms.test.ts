/**
 * Every region, size, rotation, quality and format form of Image API 3.0 §4 and 2.1 §4 through the real
 * Worker on the 1000×700 builder chart: the output is decoded and its width and height checked against the
 * spec arithmetic written out in each row (not against what the service happened to return), and where it
 * is given, the canonical Link (3.0 §4.7, 2.1 §4.7).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import type { Raster } from '../../src/pixels/raster';
import { get, ORIGIN, seed } from '../helpers/worker-fixtures';

interface Case {
  readonly path: string;
  readonly size: readonly [number, number];
  readonly canonical?: string;
}

async function fetchImage(version: 2 | 3, path: string): Promise<{ res: Response; image: Raster }> {
  const res = await get(`/iiif/${version}/chart/${path}`);
  expect(res.status, `${path}: ${res.status} ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
  const type = res.headers.get('Content-Type') ?? '';
  const image = await decodeImage(new Uint8Array(await res.arrayBuffer()), type);
  return { res, image };
}

function canonicalOf(res: Response): string | null {
  const m = /<([^>]+)>;rel="canonical"/.exec(res.headers.get('Link') ?? '');
  return m === null ? null : m[1]!;
}

beforeAll(async () => {
  await seed('chart');
  await seed('gray');
});

describe('3.0 regions (§4.1) on 1000×700', () => {
  it.each<Case>([
    { path: 'full/max/0/default.jpg', size: [1000, 700], canonical: 'full/max/0/default.jpg' },
    // square: the shorter side, centred (x = (1000 - 700) / 2).
    { path: 'square/max/0/default.jpg', size: [700, 700], canonical: '150,0,700,700/max/0/default.jpg' },
    { path: '0,0,256,256/max/0/default.jpg', size: [256, 256], canonical: '0,0,256,256/max/0/default.jpg' },
    { path: '300,200,123,77/max/0/default.jpg', size: [123, 77] },
    // Reaches past the image: cropped to 1000-900 × 700-600.
    { path: '900,600,200,200/max/0/default.jpg', size: [100, 100], canonical: '900,600,100,100/max/0/default.jpg' },
    // pct: edges 100..600 × 70..420.
    { path: 'pct:10,10,50,50/max/0/default.jpg', size: [500, 350], canonical: '100,70,500,350/max/0/default.jpg' },
    // pct with decimals: right edge round(333) and bottom edge round(233.1).
    { path: 'pct:0,0,33.3,33.3/max/0/default.jpg', size: [333, 233] },
    { path: 'pct:0,0,100,100/max/0/default.jpg', size: [1000, 700], canonical: 'full/max/0/default.jpg' },
  ])('$path → $size', async ({ path, size, canonical }) => {
    const { res, image } = await fetchImage(3, path);
    expect([image.width, image.height]).toEqual(size);
    if (canonical !== undefined) expect(canonicalOf(res)).toBe(`${ORIGIN}/iiif/3/chart/${canonical}`);
  });
});

describe('3.0 sizes (§4.2)', () => {
  it.each<Case>([
    { path: 'full/max/0/default.jpg', size: [1000, 700] },
    { path: 'full/500,/0/default.jpg', size: [500, 350], canonical: 'full/500,350/0/default.jpg' },
    { path: 'full/,350/0/default.jpg', size: [500, 350], canonical: 'full/500,350/0/default.jpg' },
    { path: 'full/pct:25/0/default.jpg', size: [250, 175], canonical: 'full/250,175/0/default.jpg' },
    // w,h distorts.
    { path: 'full/300,300/0/default.jpg', size: [300, 300], canonical: 'full/300,300/0/default.jpg' },
    // !w,h: the largest size inside 400×400 with the aspect ratio, 400 × 280.
    { path: 'full/!400,400/0/default.jpg', size: [400, 280], canonical: 'full/400,280/0/default.jpg' },
    { path: 'full/!1000,1000/0/default.jpg', size: [1000, 700], canonical: 'full/max/0/default.jpg' },
    { path: 'full/133,/0/default.jpg', size: [133, 93] },
    { path: '0,0,400,300/^800,/0/default.jpg', size: [800, 600], canonical: '0,0,400,300/^800,600/0/default.jpg' },
    { path: '0,0,200,100/^,200/0/default.jpg', size: [400, 200] },
    { path: '0,0,200,100/^pct:150/0/default.jpg', size: [300, 150] },
    { path: '0,0,200,100/^300,300/0/default.jpg', size: [300, 300] },
    { path: '0,0,200,100/^!500,500/0/default.jpg', size: [500, 250] },
    // ^max: scale by the tightest limit: sqrt(786432 / (400 × 300)) = 2.56 → 1024 × 768 (maxArea exactly).
    { path: '0,0,400,300/^max/0/default.jpg', size: [1024, 768], canonical: '0,0,400,300/^max/0/default.jpg' },
    // ^ without upscaling is allowed: the same as without it.
    { path: 'full/^500,/0/default.jpg', size: [500, 350] },
    { path: '0,0,1,1/max/0/default.png', size: [1, 1] },
  ])('$path → $size', async ({ path, size, canonical }) => {
    const { res, image } = await fetchImage(3, path);
    expect([image.width, image.height]).toEqual(size);
    if (canonical !== undefined) expect(canonicalOf(res)).toBe(`${ORIGIN}/iiif/3/chart/${canonical}`);
  });
});

describe('3.0 rotation (§4.3): quarter turns swap the sides, mirroring keeps them', () => {
  it.each<Case>([
    { path: 'full/500,/0/default.jpg', size: [500, 350] },
    { path: 'full/500,/90/default.jpg', size: [350, 500], canonical: 'full/500,350/90/default.jpg' },
    { path: 'full/500,/180/default.jpg', size: [500, 350] },
    { path: 'full/500,/270/default.jpg', size: [350, 500] },
    { path: 'full/500,/360/default.jpg', size: [500, 350], canonical: 'full/500,350/0/default.jpg' },
    { path: 'full/500,/!0/default.jpg', size: [500, 350], canonical: 'full/500,350/!0/default.jpg' },
    { path: 'full/500,/!90/default.jpg', size: [350, 500] },
    { path: 'full/500,/!270/default.jpg', size: [350, 500] },
    { path: 'full/500,/90.0/default.jpg', size: [350, 500], canonical: 'full/500,350/90/default.jpg' },
  ])('$path → $size', async ({ path, size, canonical }) => {
    const { res, image } = await fetchImage(3, path);
    expect([image.width, image.height]).toEqual(size);
    if (canonical !== undefined) expect(canonicalOf(res)).toBe(`${ORIGIN}/iiif/3/chart/${canonical}`);
  });
});

/** Largest difference between the channels of any pixel: 0 for grey. */
function chroma(r: Raster): number {
  let worst = 0;
  for (let i = 0; i < r.data.length; i += 4) {
    const [a, b, c] = [r.data[i]!, r.data[i + 1]!, r.data[i + 2]!];
    worst = Math.max(worst, Math.abs(a - b), Math.abs(b - c), Math.abs(a - c));
  }
  return worst;
}

function distinctValues(r: Raster): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < r.data.length; i += 4) seen.add(r.data[i]!);
  return [...seen].sort((a, b) => a - b);
}

describe('3.0 quality (§4.4) and format (§4.5)', () => {
  it.each([
    { quality: 'default', grey: false },
    { quality: 'color', grey: false },
    { quality: 'gray', grey: true },
  ])('$quality on the colour chart', async ({ quality, grey }) => {
    const { image } = await fetchImage(3, `full/250,/0/${quality}.png`);
    expect([image.width, image.height]).toEqual([250, 175]);
    // The chart has saturated patches: colour output is far from grey, gray output is exactly grey.
    if (grey) expect(chroma(image)).toBe(0);
    else expect(chroma(image)).toBeGreaterThan(100);
  });

  it('bitonal is black and white only', async () => {
    const { image } = await fetchImage(3, 'full/250,/0/bitonal.png');
    expect([image.width, image.height]).toEqual([250, 175]);
    expect(distinctValues(image)).toEqual([0, 255]);
    expect(chroma(image)).toBe(0);
  });

  it.each([
    { format: 'jpg', type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
    { format: 'png', type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
    { format: 'webp', type: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
  ])('$format is $type', async ({ format, type, magic }) => {
    const res = await get(`/iiif/3/chart/0,0,300,200/150,/90/default.${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(type);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, magic.length)]).toEqual(magic);
    const image = await decodeImage(bytes, type);
    expect([image.width, image.height]).toEqual([100, 150]);
  });

  it.each(['default', 'color', 'gray'])('%s on a grey source is grey', async (quality) => {
    const res = await get(`/iiif/3/gray/full/150,/0/${quality}.png`);
    expect(res.status).toBe(200);
    const image = await decodeImage(new Uint8Array(await res.arrayBuffer()), 'image/png');
    expect([image.width, image.height]).toEqual([150, 225]);
    expect(chroma(image)).toBe(0);
  });
});

describe('2.1 forms (§4)', () => {
  it.each<Case>([
    { path: 'full/full/0/default.jpg', size: [1000, 700], canonical: 'full/full/0/default.jpg' },
    { path: 'full/max/0/default.jpg', size: [1000, 700] },
    { path: 'full/500,/0/default.jpg', size: [500, 350], canonical: 'full/500,/0/default.jpg' },
    { path: 'full/,350/0/default.jpg', size: [500, 350], canonical: 'full/500,/0/default.jpg' },
    { path: 'full/pct:50/0/default.jpg', size: [500, 350] },
    { path: 'full/300,300/0/default.jpg', size: [300, 300], canonical: 'full/300,300/0/default.jpg' },
    { path: 'full/!400,400/0/default.jpg', size: [400, 280], canonical: 'full/400,/0/default.jpg' },
    // 2.1 upscales without a prefix (sizeAboveFull).
    { path: '0,0,200,100/400,/0/default.jpg', size: [400, 200], canonical: '0,0,200,100/400,/0/default.jpg' },
    { path: 'square/200,/0/default.jpg', size: [200, 200] },
    { path: 'pct:10,10,50,50/full/0/default.jpg', size: [500, 350], canonical: '100,70,500,350/full/0/default.jpg' },
    { path: 'full/500,/90/default.jpg', size: [350, 500] },
    { path: 'full/500,/!180/gray.png', size: [500, 350] },
    { path: 'full/200,/0/bitonal.webp', size: [200, 140] },
  ])('$path → $size', async ({ path, size, canonical }) => {
    const { res, image } = await fetchImage(2, path);
    expect([image.width, image.height]).toEqual(size);
    if (canonical !== undefined) expect(canonicalOf(res)).toBe(`${ORIGIN}/iiif/2/chart/${canonical}`);
  });

  it('points its Link profile at the 2.1 level 2 document', async () => {
    const res = await get('/iiif/2/chart/full/100,/0/default.jpg');
    expect(res.headers.get('Link')).toContain('<http://iiif.io/api/image/2/level2.json>;rel="profile"');
  });
});
