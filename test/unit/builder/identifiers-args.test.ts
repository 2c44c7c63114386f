import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_BUCKET } from '../../../scripts/local-r2';
import { parseCli, UsageError } from '../../../scripts/pyramid/cli-args';
import { identifierFor, normalisePrefix, storageKey } from '../../../scripts/pyramid/identifiers';

describe('identifierFor', () => {
  it.each([
    ['masters/leaf-12r.tif', 'leaf-12r'],
    ['Chärt 1.png', 'Chart-1'],
    ['Ørsted & Æbelø (1843).TIFF', 'Orsted-AEbelo-1843'],
    ['straße.jpeg', 'strasse'],
    ['a..b.webp', 'a..b'],
    ['../..tif', 'image'],
    ['日本.png', 'image'],
    ['.hidden.tif', 'hidden'],
    ['scan_001.final.tif', 'scan_001.final'],
  ])('%s → %s', (path, id) => {
    expect(identifierFor(path)).toBe(id);
  });
});

describe('normalisePrefix and storageKey', () => {
  it.each([
    ['', ''],
    ['coll', 'coll/'],
    ['coll/', 'coll/'],
    ['a/b//', 'a/b/'],
  ])('prefix %j → %j', (input, out) => expect(normalisePrefix(input)).toBe(out));

  it.each(['../x', 'a//b', 'a b', 'ä/'])('refuses prefix %j', (p) => expect(() => normalisePrefix(p)).toThrow());

  it('fills the key template', () => {
    expect(storageKey('coll/leaf', '{id}.tif')).toBe('coll/leaf.tif');
    expect(storageKey('leaf', 'pyramids/{id}.tiff')).toBe('pyramids/leaf.tiff');
  });

  it('uses the bucket wrangler.toml binds as IMAGES', () => {
    const toml = readFileSync(new URL('../../../wrangler.toml', import.meta.url), 'utf8');
    expect(toml).toMatch(new RegExp(`binding = "IMAGES"\\s*\\nbucket_name = "${LOCAL_BUCKET}"`));
  });
});

describe('parseCli', () => {
  it('applies defaults', () => {
    const o = parseCli(['a.tif', '--out', 'dist']);
    expect(o).toMatchObject({
      inputs: ['a.tif'],
      pixel: { tile: 256, quality: 85, page: 0, background: '#ffffff' },
      prefix: '',
      concurrency: 1,
      destination: { kind: 'folder', dir: 'dist' },
    });
  });

  it.each([
    [['x', '--local', '--tile', '512', '--quality', '90', '--page', '2', '--background', '#FA0'], { tile: 512, quality: 90, page: 2, background: '#ffaa00' }],
    [['x', '--local', '--background', '000000'], { background: '#000000' }],
  ])('parses %j', (argv, pixel) => {
    const o = parseCli(argv);
    expect(o !== 'help' && o.pixel).toMatchObject(pixel);
  });

  it('parses destinations and prefix', () => {
    expect(parseCli(['x', '--r2', 'bucket', '--prefix', 'coll'])).toMatchObject({ destination: { kind: 'r2', bucket: 'bucket' }, prefix: 'coll/' });
    expect(parseCli(['x', '--local'])).toMatchObject({ destination: { kind: 'local' } });
  });

  it.each([
    [[], /no inputs/],
    [['x'], /exactly one destination/],
    [['x', '--out', 'd', '--local'], /exactly one destination/],
    [['x', '--local', '--tile', '300'], /--tile must be one of 256, 512/],
    [['x', '--local', '--quality', '0'], /--quality/],
    [['x', '--local', '--quality', '85.5'], /--quality/],
    [['x', '--local', '--background', 'white'], /--background/],
    [['x', '--local', '--prefix', '../up'], /--prefix/],
    [['x', '--local', '--concurrency', '0'], /--concurrency/],
    [['x', '--local', '--key-template', 'x.tif'], /\{id\}/],
    [['x', '--local', '--frobnicate'], /frobnicate/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
