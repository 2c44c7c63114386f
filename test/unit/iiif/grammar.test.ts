import { describe, expect, it } from 'vitest';
import { parseImageRequest } from '../../../src/iiif/parse-request';
import type { ApiVersion } from '../../../src/iiif/types';
import type { Expect } from './grammar-cases';
import { VERSIONS, qualityFormatCases, regionCases, rotationCases, size2Cases, size3Cases } from './grammar-cases';
import { messageOf, statusOf } from './status';

type Component = 'region' | 'size' | 'rotation' | 'qualityFormat';

/** A request that is valid except for the one component under test. */
function parseWith(version: ApiVersion, component: Component, raw: string) {
  const parts = { region: 'full', size: 'max', rotation: '0', qualityFormat: 'default.jpg', [component]: raw };
  return parseImageRequest(version, 'id', parts.region, parts.size, parts.rotation, parts.qualityFormat);
}

function pick(version: ApiVersion, component: Component, raw: string): unknown {
  const req = parseWith(version, component, raw);
  if (component === 'qualityFormat') return { quality: req.quality, format: req.format };
  return req[component];
}

function check<T>(version: ApiVersion, component: Component, raw: string, expected: Expect<T>): void {
  if ('value' in expected) {
    expect(pick(version, component, raw)).toEqual(expected.value);
  } else {
    expect(statusOf(() => parseWith(version, component, raw))).toBe(expected.status);
    // One-line reason naming the component's value (3.0 §7.3 recommends a human-readable description).
    const message = messageOf(() => parseWith(version, component, raw));
    expect(message).not.toContain('\n');
    // The quality/format segment may be reported by its failing half.
    const dot = raw.lastIndexOf('.');
    const named = component === 'qualityFormat' ? [raw, raw.slice(0, dot), raw.slice(dot + 1)] : [raw];
    expect(named.some((token) => message.includes(`"${token}"`))).toBe(true);
  }
}

describe.each(VERSIONS)('Image API %i grammar', (version) => {
  it.each(regionCases)('region %j', (raw, expected) => check(version, 'region', raw, expected));
  it.each(rotationCases)('rotation %j', (raw, expected) => check(version, 'rotation', raw, expected));
  it.each(qualityFormatCases)('quality.format %j', (raw, expected) => check(version, 'qualityFormat', raw, expected));
});

describe('size grammar per version', () => {
  it.each(size3Cases)('3.0 size %j', (raw, expected) => check(3, 'size', raw, expected));
  it.each(size2Cases)('2.1 size %j', (raw, expected) => check(2, 'size', raw, expected));
});

describe('parseImageRequest', () => {
  it('keeps the identifier and version and freezes the value', () => {
    const req = parseImageRequest(3, 'a/b', 'full', 'max', '0', 'default.jpg');
    expect(req.id).toBe('a/b');
    expect(req.version).toBe(3);
    expect(Object.isFrozen(req)).toBe(true);
    expect(Object.isFrozen(req.region)).toBe(true);
  });

  it('reports the first bad component in URL order', () => {
    expect(messageOf(() => parseImageRequest(3, 'id', 'nope', 'nope2', '0', 'x.tif'))).toMatch(/^region "nope"/);
    expect(messageOf(() => parseImageRequest(3, 'id', 'full', 'nope2', '0', 'x.tif'))).toMatch(/^size "nope2"/);
  });

  it('names the unsupported format and what to use instead', () => {
    expect(messageOf(() => parseWith(3, 'qualityFormat', 'default.tif'))).toBe(
      'format "tif" is not supported by this service; use jpg, png, webp',
    );
  });
});
