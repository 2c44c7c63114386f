/**
 * Image information through the real Worker (Image API 3.0 §5, 2.1 §5): ids from the request origin or
 * PUBLIC_BASE_URL, media types, and tiles/sizes derived here from an independent reading of the fixture
 * files (test/helpers/worker-tiff.ts), so the advertised geometry is checked against the stored levels.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { fixtureBytes, get, ORIGIN, seed, type FixtureName } from '../helpers/worker-fixtures';
import { readTestTiff } from '../helpers/worker-tiff';

const LIMITS = { maxWidth: Number(env.MAX_WIDTH), maxHeight: Number(env.MAX_HEIGHT), maxArea: Number(env.MAX_AREA) };
const INFO3_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"';
const INFO2_LD_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/2/context.json"';

/** Levels as the file stores them; each level k of a builder pyramid is ceil(W/2^k) × ceil(H/2^k). */
function levelsOf(name: FixtureName) {
  return readTestTiff(fixtureBytes(name));
}

/** 3.0 §5.3: every stored level is a size the server can deliver without resampling, within the limits. */
function expectedSizes(name: FixtureName) {
  return levelsOf(name)
    .filter((l) => l.width <= LIMITS.maxWidth && l.height <= LIMITS.maxHeight && l.width * l.height <= LIMITS.maxArea)
    .map((l) => ({ width: l.width, height: l.height }))
    .sort((a, b) => a.width * a.height - b.width * b.height);
}

/** 3.0 §5.4: one tile set, scale factor 2^k for level k (checked here to be the ceil-halved size). */
function expectedTiles(name: FixtureName) {
  const levels = levelsOf(name);
  const full = levels[0]!;
  const factors = levels.map((l, k) => {
    expect([l.width, l.height]).toEqual([Math.ceil(full.width / 2 ** k), Math.ceil(full.height / 2 ** k)]);
    return 2 ** k;
  });
  return [{ width: full.tileWidth, height: full.tileHeight, scaleFactors: factors }];
}

beforeAll(async () => {
  await seed('chart');
  await seed('gray');
  await seed('t512');
  await seed('chart', 'folder/sub/chart');
});

describe('info.json 3.0', () => {
  it.each([
    { name: 'chart', colour: true },
    { name: 'gray', colour: false },
    { name: 't512', colour: true },
  ] as const)('$name: fields, geometry from the stored levels, qualities for its channels', async ({ name, colour }) => {
    const res = await get(`/iiif/3/${name}/info.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(INFO3_TYPE);
    const info = (await res.json()) as Record<string, unknown>;
    const full = levelsOf(name)[0]!;
    expect(info).toMatchObject({
      '@context': 'http://iiif.io/api/image/3/context.json',
      id: `${ORIGIN}/iiif/3/${name}`,
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: full.width,
      height: full.height,
      ...LIMITS,
    });
    expect(info['tiles']).toEqual(expectedTiles(name));
    expect(info['sizes']).toEqual(expectedSizes(name));
    expect(info['extraFormats']).toEqual(['webp']);
    // 3.0 §5.6: qualities beyond `default`; `color` is not an extra quality of a grey image.
    expect(info['extraQualities']).toEqual(colour ? ['color', 'gray', 'bitonal'] : ['gray', 'bitonal']);
    // §5.7: sizeUpscaling needs maxWidth or maxArea, which are present above.
    expect(info['extraFeatures']).toEqual(
      expect.arrayContaining(['mirroring', 'sizeUpscaling', 'canonicalLinkHeader', 'profileLinkHeader']),
    );
  });

  it('keeps a %2F identifier encoded in its id', async () => {
    const res = await get('/iiif/3/folder%2Fsub%2Fchart/info.json');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(`${ORIGIN}/iiif/3/folder%2Fsub%2Fchart`);
  });

  it('ignores forwarded-host headers when building the id', async () => {
    const res = await get('/iiif/3/chart/info.json', {
      headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', Forwarded: 'host=evil.example' },
    });
    expect(((await res.json()) as { id: string }).id).toBe(`${ORIGIN}/iiif/3/chart`);
  });

  it('leaves out sizes above the limits (3.0 §5.2) while tiles stay advertised', async () => {
    // The 1000×700 level is above a 600 px maxWidth; the two smaller levels are not.
    const small = { ...env, MAX_WIDTH: '600' };
    const res = await worker.fetch(new Request(`${ORIGIN}/iiif/3/chart/info.json`), small, createExecutionContext());
    const info = (await res.json()) as { sizes: { width: number }[]; maxWidth: number; tiles: unknown[] };
    expect(info.maxWidth).toBe(600);
    expect(info.sizes.map((s) => s.width)).toEqual(levelsOf('chart').slice(1).map((l) => l.width).sort((a, b) => a - b));
    expect(info.tiles).toEqual(expectedTiles('chart'));
  });
});

describe('info.json 2.1', () => {
  it.each([
    { name: 'chart', qualities: ['color', 'gray'] },
    { name: 'gray', qualities: ['gray'] },
  ] as const)('$name: @id, level 2 profile with limits and extras', async ({ name, qualities }) => {
    const res = await get(`/iiif/2/${name}/info.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const info = (await res.json()) as Record<string, unknown>;
    const full = levelsOf(name)[0]!;
    expect(info).toMatchObject({
      '@context': 'http://iiif.io/api/image/2/context.json',
      '@id': `${ORIGIN}/iiif/2/${name}`,
      protocol: 'http://iiif.io/api/image',
      width: full.width,
      height: full.height,
    });
    expect(info['tiles']).toEqual(expectedTiles(name));
    expect(info['sizes']).toEqual(expectedSizes(name));
    const [level, extras] = info['profile'] as [string, Record<string, unknown>];
    expect(level).toBe('http://iiif.io/api/image/2/level2.json');
    expect(extras).toMatchObject({ ...LIMITS, formats: ['webp'], qualities });
    expect(extras['supports']).toEqual(expect.arrayContaining(['mirroring', 'sizeAboveFull', 'canonicalLinkHeader', 'profileLinkHeader']));
  });

  it.each([
    { accept: 'application/ld+json', type: INFO2_LD_TYPE },
    { accept: 'application/json', type: 'application/json' },
    { accept: '*/*', type: 'application/json' },
  ])('Accept $accept → $type (2.1 §5.1), with Vary: Accept', async ({ accept, type }) => {
    const res = await get('/iiif/2/chart/info.json', { headers: { Accept: accept } });
    expect(res.headers.get('Content-Type')).toBe(type);
    expect(res.headers.get('Vary')).toMatch(/Accept/);
  });
});

describe('PUBLIC_BASE_URL', () => {
  const BASE = 'https://images.example.org/collections';
  const configured = () => ({ ...env, PUBLIC_BASE_URL: `${BASE}/` });

  async function fetchWithBase(path: string): Promise<Response> {
    return worker.fetch(new Request(`${ORIGIN}${path}`), configured(), createExecutionContext());
  }

  it.each([
    { version: 3, key: 'id' },
    { version: 2, key: '@id' },
  ] as const)('is the base of the $version.x $key, not the request origin', async ({ version, key }) => {
    const res = await fetchWithBase(`/iiif/${version}/chart/info.json`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, string>)[key]).toBe(`${BASE}/iiif/${version}/chart`);
  });

  it('is the base of the canonical Link and of the 303 Location', async () => {
    const image = await fetchWithBase('/iiif/3/chart/full/max/0/default.jpg');
    expect(image.headers.get('Link')).toContain(`<${BASE}/iiif/3/chart/full/max/0/default.jpg>;rel="canonical"`);
    const base = await fetchWithBase('/iiif/3/chart');
    expect(base.status).toBe(303);
    expect(base.headers.get('Location')).toBe(`${BASE}/iiif/3/chart/info.json`);
  });
});
