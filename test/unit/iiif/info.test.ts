/** info.json documents field by field (Image API 3.0 §5, 2.1 §5) and the pyramid-derived sizes and tiles. */
import { describe, expect, it } from 'vitest';
import type { Limits } from '../../../src/config';
import type { InfoInput } from '../../../src/iiif/info';
import { buildInfo2, buildInfo3, linkHeaders, sizesFor, tilesFor } from '../../../src/iiif/info';
import { syntheticPyramid } from '../plan/synthetic-pyramid';

const LIMITS: Limits = { maxWidth: 2048, maxHeight: 2048, maxArea: 2_250_000 };
const ID = 'https://img.example.org/iiif/3/open%2Fp001';

function input(over: Partial<InfoInput> = {}): InfoInput {
  return {
    id: ID,
    width: 6000,
    height: 4000,
    channels: 3,
    tiles: [{ width: 256, height: 256, scaleFactors: [1, 2, 4, 8, 16, 32] }],
    sizes: [
      { width: 3000, height: 2000 },
      { width: 188, height: 125 },
      { width: 1500, height: 1000 },
      { width: 6000, height: 4000 },
    ],
    limits: LIMITS,
    ...over,
  };
}

describe('buildInfo3', () => {
  const doc = buildInfo3(input());

  it.each([
    ['@context', 'http://iiif.io/api/image/3/context.json'],
    ['id', ID],
    ['type', 'ImageService3'],
    ['protocol', 'http://iiif.io/api/image'],
    ['profile', 'level2'],
    ['width', 6000],
    ['height', 4000],
    ['maxWidth', 2048],
    ['maxHeight', 2048],
    ['maxArea', 2_250_000],
    ['extraFormats', ['webp']],
    ['extraQualities', ['color', 'gray', 'bitonal']],
    ['extraFeatures', ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'sizeUpscaling']],
  ])('%s', (key, value) => {
    expect(doc[key]).toEqual(value);
  });

  it('puts @context first (§5.2 SHOULD)', () => {
    expect(Object.keys(doc)[0]).toBe('@context');
  });

  it('lists sizes smallest first and only within the limits (§5.2 MUST)', () => {
    expect(doc['sizes']).toEqual([
      { width: 188, height: 125 },
      { width: 1500, height: 1000 },
    ]);
  });

  it('lists tiles', () => {
    expect(doc['tiles']).toEqual([{ width: 256, height: 256, scaleFactors: [1, 2, 4, 8, 16, 32] }]);
  });

  it('drops tile sets whose tiles exceed the limits', () => {
    const small: Limits = { maxWidth: 200, maxHeight: 200, maxArea: 40_000 };
    expect(buildInfo3(input({ limits: small }))['tiles']).toEqual([]);
  });

  it('omits color from extraQualities for grey images (§4.4)', () => {
    expect(buildInfo3(input({ channels: 1 }))['extraQualities']).toEqual(['gray', 'bitonal']);
  });

  it('has no service property without services, and appends them as an array (§5.8)', () => {
    expect('service' in doc).toBe(false);
    const probe = { id: 'https://img.example.org/iiif/3/x/probe', type: 'AuthProbeService2' };
    expect(buildInfo3(input({ services: [probe] }))['service']).toEqual([probe]);
  });
});

describe('buildInfo2', () => {
  const doc = buildInfo2(input({ id: 'https://img.example.org/iiif/2/open%2Fp001' }));

  it.each([
    ['@context', 'http://iiif.io/api/image/2/context.json'],
    ['@id', 'https://img.example.org/iiif/2/open%2Fp001'],
    ['protocol', 'http://iiif.io/api/image'],
    ['width', 6000],
    ['height', 4000],
    ['sizes', [{ width: 188, height: 125 }, { width: 1500, height: 1000 }]],
    ['tiles', [{ width: 256, height: 256, scaleFactors: [1, 2, 4, 8, 16, 32] }]],
  ])('%s', (key, value) => {
    expect(doc[key]).toEqual(value);
  });

  it('has no 3.0 properties', () => {
    for (const key of ['id', 'type', 'extraFormats', 'extraQualities', 'extraFeatures', 'maxWidth']) {
      expect(key in doc).toBe(false);
    }
  });

  it('declares level 2 first, then what level2.json lacks, with the limits (2.1 §5.3, §6)', () => {
    expect(doc['profile']).toEqual([
      'http://iiif.io/api/image/2/level2.json',
      {
        formats: ['webp'],
        qualities: ['color', 'gray'],
        supports: ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'regionSquare', 'sizeAboveFull'],
        maxWidth: 2048,
        maxHeight: 2048,
        maxArea: 2_250_000,
      },
    ]);
  });

  it('lists only gray as an extra quality of a grey image', () => {
    const profile = buildInfo2(input({ channels: 1 }))['profile'] as [string, { qualities: string[] }];
    expect(profile[1].qualities).toEqual(['gray']);
  });

  it('appends services as an array', () => {
    const login = { '@id': 'https://img.example.org/auth/login', profile: 'http://iiif.io/api/auth/1/login' };
    expect(buildInfo2(input({ services: [login] }))['service']).toEqual([login]);
  });
});

describe('sizesFor / tilesFor', () => {
  it('uses each level of a ceil pyramid, smallest first, with power-of-two scale factors', () => {
    const index = syntheticPyramid({ width: 1001, height: 700, tile: 256 });
    expect(sizesFor(index)).toEqual([
      { width: 251, height: 175 },
      { width: 501, height: 350 },
      { width: 1001, height: 700 },
    ]);
    expect(tilesFor(index)).toEqual([{ width: 256, height: 256, scaleFactors: [1, 2, 4] }]);
  });

  it('finds the same scale factors for floor-rounded levels', () => {
    const index = syntheticPyramid({ width: 1001, height: 700, tile: 256, rounding: 'floor' });
    expect(sizesFor(index).map((s) => `${s.width}x${s.height}`)).toEqual(['250x175', '500x350', '1001x700']);
    expect(tilesFor(index)).toEqual([{ width: 256, height: 256, scaleFactors: [1, 2, 4] }]);
  });

  it('leaves out levels without an integer scale factor and groups by tile size', () => {
    const base = syntheticPyramid({ width: 3000, height: 2000, tile: 512 });
    const odd = { ...base.levels[1]!, width: 1200, height: 800, tileWidth: 256, tileHeight: 256 };
    const index = { ...base, levels: [base.levels[0]!, odd, ...base.levels.slice(2)] };
    expect(tilesFor(index)).toEqual([{ width: 512, height: 512, scaleFactors: [1, 4, 8] }]);
  });

  it('a one-level 1×1 image', () => {
    const index = syntheticPyramid({ width: 1, height: 1 });
    expect(sizesFor(index)).toEqual([{ width: 1, height: 1 }]);
    expect(tilesFor(index)).toEqual([{ width: 256, height: 256, scaleFactors: [1] }]);
  });
});

describe('linkHeaders', () => {
  it.each([
    [3, null, '<http://iiif.io/api/image/3/level2.json>;rel="profile"'],
    [2, null, '<http://iiif.io/api/image/2/level2.json>;rel="profile"'],
    [
      3,
      'https://x.org/iiif/3/a/full/max/0/default.jpg',
      '<http://iiif.io/api/image/3/level2.json>;rel="profile", <https://x.org/iiif/3/a/full/max/0/default.jpg>;rel="canonical"',
    ],
  ] as const)('%i, %s', (version, canonical, header) => {
    expect(linkHeaders(version, canonical)).toBe(header);
  });
});
