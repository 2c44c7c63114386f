/**
 * Two things that only show through the whole Worker: the configured size limits (Image API 3.0 §5.2 /
 * 2.1 §5.3) as they shape `max`, `!w,h`, `^max` and refusals, with the Worker run under other [vars]; and
 * identifiers with characters that need encoding, which must round-trip through info.json `id` and the
 * canonical Link (3.0 §3 and §9: the identifier is URI-encoded in every URL the service gives out).
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { fixtureBytes, get, ORIGIN, seed } from '../helpers/worker-fixtures';

beforeAll(async () => {
  await seed('chart');
});

async function fetchWith(vars: Record<string, string>, path: string): Promise<Response> {
  return worker.fetch(new Request(`${ORIGIN}${path}`), { ...env, ...vars }, createExecutionContext());
}

async function sizeOf(res: Response): Promise<[number, number]> {
  const image = await decodeImage(new Uint8Array(await res.arrayBuffer()), res.headers.get('Content-Type')!);
  return [image.width, image.height];
}

describe('limits shape the output (chart 1000×700)', () => {
  const SMALL = { MAX_WIDTH: '400', MAX_HEIGHT: '400', MAX_AREA: '120000' };

  it.each([
    // max: scale min(400/1000, 400/700, √(120000/700000)) = 0.4 → 400 × 280.
    { path: '/iiif/3/chart/full/max/0/default.jpg', size: [400, 280], canonical: 'full/max/0/default.jpg' },
    { path: '/iiif/3/chart/full/!1000,1000/0/default.jpg', size: [400, 280], canonical: 'full/max/0/default.jpg' },
    { path: '/iiif/3/chart/full/400,/0/default.jpg', size: [400, 280], canonical: 'full/max/0/default.jpg' },
    // A 300×300 region fits: max does not upscale.
    { path: '/iiif/3/chart/0,0,300,300/max/0/default.jpg', size: [300, 300], canonical: '0,0,300,300/max/0/default.jpg' },
    // ^max: √(120000/90000) = 1.1547 → 346 × 346 (119716 ≤ 120000).
    { path: '/iiif/3/chart/0,0,300,300/^max/0/default.jpg', size: [346, 346], canonical: '0,0,300,300/^max/0/default.jpg' },
    // 2.1 `full` above the limits is served as `max` (src/iiif/parse-size.ts), announced as `400,`.
    { path: '/iiif/2/chart/full/full/0/default.jpg', size: [400, 280], canonical: 'full/400,/0/default.jpg' },
    { path: '/iiif/2/chart/full/max/0/default.jpg', size: [400, 280], canonical: 'full/400,/0/default.jpg' },
  ])('$path → $size', async ({ path, size, canonical }) => {
    const res = await fetchWith(SMALL, path);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await sizeOf(res)).toEqual(size);
    const version = path.split('/')[2];
    expect(res.headers.get('Link')).toContain(`<${ORIGIN}/iiif/${version}/chart/${canonical}>;rel="canonical"`);
  });

  it.each([
    '/iiif/3/chart/full/401,/0/default.jpg',
    '/iiif/3/chart/full/,401/0/default.jpg',
    '/iiif/3/chart/0,0,400,400/400,400/0/default.jpg',
    '/iiif/3/chart/0,0,300,300/^400,400/0/default.jpg',
    '/iiif/2/chart/full/500,/0/default.jpg',
  ])('%s → 400 naming the limits', async (path) => {
    const res = await fetchWith(SMALL, path);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/maxWidth 400, maxHeight 400, maxArea 120000/);
  });

  it('maxArea alone: the largest aspect-keeping size inside it, rounded down when rounding up would break it', async () => {
    // √(100000/700000) = 0.37796 → 377.96 × 264.57 rounds to 378 × 265 = 100170 > 100000, so 377 × 264.
    const res = await fetchWith({ MAX_AREA: '100000' }, '/iiif/3/chart/full/max/0/default.jpg');
    expect(await sizeOf(res)).toEqual([377, 264]);
    const info = await fetchWith({ MAX_AREA: '100000' }, '/iiif/3/chart/info.json');
    const doc = (await info.json()) as { maxArea: number; sizes: { width: number; height: number }[] };
    expect(doc.maxArea).toBe(100000);
    // Only the levels under the area limit are advertised sizes.
    expect(doc.sizes).toEqual([{ width: 250, height: 175 }]);
  });
});

describe('identifiers that need encoding round-trip', () => {
  const IDS = ['a b', 'q?x', 'h#1', 'café', 'plus+1', "x(1)'!*", 'pct%', 'folder/sub/ü ñ', '日本'];

  beforeAll(async () => {
    for (const id of IDS) await env.IMAGES.put(`${id}.tif`, fixtureBytes('chart'));
  });

  it.each(IDS)('%s', async (id) => {
    const encoded = encodeURIComponent(id);
    const res = await get(`/iiif/3/${encoded}/info.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { id: string };
    expect(doc.id).toBe(`${ORIGIN}/iiif/3/${encoded}`);
    // The id is a working base URI: its info.json and an image under it answer, and the canonical Link too.
    const again = await get(`${new URL(doc.id).pathname}/info.json`);
    expect(again.status).toBe(200);
    const image = await get(`${new URL(doc.id).pathname}/full/100,/0/default.jpg`);
    expect(image.status).toBe(200);
    const canonical = /<([^>]+)>;rel="canonical"/.exec(image.headers.get('Link') ?? '')![1]!;
    expect(canonical).toBe(`${doc.id}/full/100,70/0/default.jpg`);
    expect((await get(new URL(canonical).pathname)).status).toBe(200);
  });
});

describe('the identifiers of Image API 3.0 §9, requested as the spec writes them', () => {
  const EXAMPLES = [
    { id: 'ark:/12025/654xz321', path: 'ark:%2F12025%2F654xz321' },
    { id: 'urn:foo:a123,456', path: 'urn:foo:a123,456' },
    { id: 'urn:sici:1046-8188(199501)13:1%3C69:FTTHBI%3E2.0.TX;2-4', path: 'urn:sici:1046-8188(199501)13:1%253C69:FTTHBI%253E2.0.TX;2-4' },
  ];

  beforeAll(async () => {
    for (const { id } of EXAMPLES) await env.IMAGES.put(`${id}.tif`, fixtureBytes('chart'));
  });

  it.each(EXAMPLES)('$id', async ({ id, path }) => {
    const res = await get(`/iiif/3/${path}/full/max/0/default.jpg`);
    expect(res.status).toBe(200);
    const info = await get(`/iiif/3/${path}/info.json`);
    // The id may encode more than the client did (":" and "," as %3A and %2C); it must name the same image.
    const doc = (await info.json()) as { id: string };
    expect(decodeURIComponent(doc.id.slice(`${ORIGIN}/iiif/3/`.length))).toBe(id);
  });
});

describe('percent-encoded parameters mean the same as plain ones (RFC 3986 §2.1)', () => {
  it.each([
    { encoded: 'full/%5E500%2C/0/default.jpg', plain: 'full/^500,/0/default.jpg' },
    { encoded: 'full/%21300%2C300/%2190/default.png', plain: 'full/!300,300/!90/default.png' },
    { encoded: 'pct%3A10%2C10%2C50%2C50/max/0/default.jpg', plain: 'pct:10,10,50,50/max/0/default.jpg' },
  ])('$encoded', async ({ encoded, plain }) => {
    const a = await get(`/iiif/3/chart/${encoded}`);
    const b = await get(`/iiif/3/chart/${plain}`);
    expect(a.status).toBe(200);
    expect(a.headers.get('Link')).toBe(b.headers.get('Link'));
    expect(a.headers.get('ETag')).toBe(b.headers.get('ETag'));
  });
});
