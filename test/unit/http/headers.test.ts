import { describe, expect, it } from 'vitest';
import { infoContentType, makeEtag, notModified } from '../../../src/http/headers';

describe('makeEtag', () => {
  it('is stable for the same source and request, and differs when either changes', () => {
    const a = makeEtag('"abc"', 'full/max/0/default.jpg');
    expect(makeEtag('"abc"', 'full/max/0/default.jpg')).toBe(a);
    expect(makeEtag('"abd"', 'full/max/0/default.jpg')).not.toBe(a);
    expect(makeEtag('"abc"', 'full/max/0/gray.jpg')).not.toBe(a);
    expect(a).toMatch(/^"abc-[0-9a-f]{16}"$/);
  });
});

describe('notModified', () => {
  const etag = '"abc-0011223344556677"';
  it.each([
    [null, false],
    ['*', true],
    [etag, true],
    [`W/${etag}`, true],
    [`"other", ${etag}`, true],
    ['"other"', false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(notModified(header, etag)).toBe(expected);
  });
});

describe('infoContentType', () => {
  it.each([
    [3, null, 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'],
    [2, null, 'application/json'],
    [2, 'application/ld+json', 'application/ld+json;profile="http://iiif.io/api/image/2/context.json"'],
    [2, 'application/json', 'application/json'],
    [2, 'application/ld+json;q=0, application/json', 'application/json'],
    [3, 'application/json', 'application/json'],
    [3, 'application/json, application/ld+json;q=0.5', 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'],
    [3, '*/*', 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'],
    [3, 'application/ld+json;q=0, application/json', 'application/json'],
  ] as const)('v%i Accept %s', (version, accept, expected) => {
    expect(infoContentType(version, accept)).toBe(expected);
  });
});
