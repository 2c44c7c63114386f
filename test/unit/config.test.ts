import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, loadConfig } from '../../src/config';

const bucket = {};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({ IMAGES: bucket });
    expect(c.publicBaseUrl).toBeNull();
    expect(c.keyTemplate).toBe('{id}.tif');
    expect(c.limits).toEqual(DEFAULT_LIMITS);
  });

  it('normalises the public base URL', () => {
    expect(loadConfig({ IMAGES: bucket, PUBLIC_BASE_URL: 'https://img.example.org/base/' }).publicBaseUrl).toBe(
      'https://img.example.org/base',
    );
  });

  it.each([
    ['PUBLIC_BASE_URL', 'not a url'],
    ['PUBLIC_BASE_URL', 'ftp://x.org'],
    ['KEY_TEMPLATE', 'images/no-placeholder.tif'],
    ['KEY_TEMPLATE', '{id}/{id}.tif'],
    ['MAX_WIDTH', '0'],
    ['MAX_AREA', '1.5'],
    ['CACHE_MAX_AGE', '-3'],
  ])('rejects %s=%s at start', (name, value) => {
    expect(() => loadConfig({ IMAGES: bucket, [name]: value })).toThrow(ConfigError);
  });
});
