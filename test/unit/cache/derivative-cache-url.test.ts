/**
 * Derivative cache keys: everything that decides the bytes is in the key, so a request can only ever hit
 * an entry made for the same access tier, the same source version (etag), the same limits (salt), API
 * version, service variant, identifier and canonical request — and the same request always finds it.
 */
import { describe, expect, it } from 'vitest';
import { CACHE_FORMAT, cacheTagFor, derivativeCacheUrl, idOfCacheUrl, type DerivativeKey } from '../../../src/cache/derivative-cache';

const BASE: DerivativeKey = {
  tier: 'open',
  sourceEtag: '0f343b0931126a20f133d67c2b018a3b',
  version: 3,
  variant: 'main',
  id: 'maps/chart',
  canonical: '0,0,256,256/256,256/0/default.jpg',
  salt: '2048x2048a786432',
};

/** One field changed at a time; each must give a key of its own. */
const CHANGES: readonly { name: string; change: Partial<DerivativeKey> }[] = [
  { name: 'tier full (verified identity)', change: { tier: 'full' } },
  { name: 'tier capped at 1024 px', change: { tier: 'capped-1024' } },
  { name: 'tier capped at 512 px (a changed cap)', change: { tier: 'capped-512' } },
  { name: 'replaced source (new etag)', change: { sourceEtag: '9c4d1e2ab6e2c1e07e8e4f5a1c7e2b11' } },
  { name: 'multipart etag', change: { sourceEtag: '0f343b0931126a20f133d67c2b018a3b-2' } },
  { name: 'other limits', change: { salt: '2048x2048a786431' } },
  { name: 'Image API 2', change: { version: 2 } },
  { name: 'capped service', change: { variant: 'capped' } },
  { name: 'other identifier', change: { id: 'maps/chart2' } },
  { name: 'identifier differing only by folder encoding', change: { id: 'maps%2Fchart' } },
  { name: 'identifier differing only by case', change: { id: 'maps/Chart' } },
  { name: 'other region', change: { canonical: '256,0,256,256/256,256/0/default.jpg' } },
  { name: 'other format', change: { canonical: '0,0,256,256/256,256/0/default.png' } },
  { name: 'other quality', change: { canonical: '0,0,256,256/256,256/0/gray.jpg' } },
  { name: 'mirrored', change: { canonical: '0,0,256,256/256,256/!0/default.jpg' } },
];

describe('derivativeCacheUrl', () => {
  it('is a stable absolute URL on a host nobody else uses, led by the cache format', () => {
    const url = new URL(derivativeCacheUrl(BASE));
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('derivatives.iiif-edge.internal');
    expect(url.pathname.split('/')[1]).toBe(CACHE_FORMAT);
    expect(url.search).toBe('');
    expect(derivativeCacheUrl({ ...BASE })).toBe(derivativeCacheUrl(BASE));
  });

  it.each(CHANGES)('$name → a different key', ({ change }) => {
    expect(derivativeCacheUrl({ ...BASE, ...change })).not.toBe(derivativeCacheUrl(BASE));
  });

  it('no two of the changed keys share an entry either', () => {
    const urls = [BASE, ...CHANGES.map((c) => ({ ...BASE, ...c.change }))].map(derivativeCacheUrl);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('keys stay distinct after URL parsing (what the Cache API compares)', () => {
    const urls = [BASE, ...CHANGES.map((c) => ({ ...BASE, ...c.change }))].map((k) => new URL(derivativeCacheUrl(k)).href);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('a quoted etag (R2 httpEtag) is the same version as the bare one (R2 etag)', () => {
    expect(derivativeCacheUrl({ ...BASE, sourceEtag: `"${BASE.sourceEtag}"` })).toBe(derivativeCacheUrl(BASE));
  });

  // Identifiers reach this point validated (iiif/identifier.ts refuses '.' and '..' segments, which the
  // URL parser would otherwise resolve away); anything else must stay exactly one segment.
  it.each(['a/b', 'a b', 'a?b', 'a#b', 'a%b', 'a%2Fb', 'ü/ß', 'x/../y', '.hidden', 'a..b'])('identifier %j stays one path segment', (id) => {
    const url = new URL(derivativeCacheUrl({ ...BASE, id }));
    const segments = url.pathname.split('/');
    expect(decodeURIComponent(segments[7]!)).toBe(id);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
    expect(segments.slice(8).join('/')).toBe(BASE.canonical);
  });
});

describe('Cache-Tag of stored derivatives', () => {
  const IDS = ['chart', 'maps/chart', 'a b,c', 'ü/ß', 'x%2Fy', "it's;fine", 'a'.repeat(300)];

  it.each(IDS)('idOfCacheUrl gives back %j from its key', (id) => {
    expect(idOfCacheUrl(derivativeCacheUrl({ ...BASE, id }))).toBe(id);
  });

  it.each([
    'https://example.org/v1/s/open/e/3/main/chart/full/max/0/default.jpg',
    'https://derivatives.iiif-edge.internal/v1/too/short',
    'https://derivatives.iiif-edge.internal/v1/s/open/e/3/main/%E0%A4%A/full/max/0/default.jpg',
  ])('idOfCacheUrl(%s) → null', (url) => {
    expect(idOfCacheUrl(url)).toBeNull();
  });

  it.each(IDS)('cacheTagFor(%j) is one tag: printable ASCII, no space or comma', (id) => {
    const tag = cacheTagFor(id);
    expect(tag.startsWith('iiif:')).toBe(true);
    expect(tag).toMatch(/^[\x21-\x7e]+$/);
    expect(tag).not.toContain(',');
    expect(decodeURIComponent(tag.slice('iiif:'.length))).toBe(id);
  });
});
