/**
 * Collections from the local D1 through the real Worker: the top collection, nested sub-collections, items with
 * id, type, label and thumbnail, and a collection of 400 objects split into nested ranges by the keyset
 * (page size 7 here): walking it reaches every object once, in natural order, and no page is larger than 7.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { collectionRow, manyObjects, text } from '../helpers/catalog-rows';
import { expectLanguageMap, run, seedBook } from '../helpers/worker-catalog';
import { call } from '../helpers/worker-access';
import { ORIGIN } from '../helpers/worker-fixtures';

type Json = Record<string, any>;
const SMALL_PAGES: Env = { ...env, COLLECTION_PAGE_SIZE: '7' };
const COUNT = 400;

beforeAll(async () => {
  await seedBook();
  await run([
    collectionRow({ name: 'mss/letters', parent: 'mss', label: text('Letters'), summary: { en: ['Correspondence'] } }),
    collectionRow({ name: 'prints', parent: null, label: text('Prints') }),
    manyObjects([['mss/letters/1', 'mss/letters', 'mss/hours/002']]),
    manyObjects(Array.from({ length: COUNT }, (_, i) => [`prints/${i + 1}`, 'prints', null] as const)),
  ]);
});

async function json(path: string, workerEnv: Env = env): Promise<Json> {
  const res = await call(workerEnv, path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"');
  return (await res.json()) as Json;
}

function expectValidCollection(doc: Json): void {
  expect(doc['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
  expect(doc.type).toBe('Collection');
  expect(doc.id).toMatch(/^http:\/\/iiif\.test\/iiif\/collection/);
  expectLanguageMap(doc.label, 'label');
  for (const item of doc.items as Json[]) {
    expect(['Collection', 'Manifest']).toContain(item.type);
    expect(item.id).toMatch(/^http:\/\/iiif\.test\/iiif\/(collection|manifest)/);
    expectLanguageMap(item.label, 'item.label');
  }
}

describe('collections', () => {
  it('the top collection lists the top-level collections', async () => {
    const doc = await json('/iiif/collection');
    expectValidCollection(doc);
    expect(doc.id).toBe(`${ORIGIN}/iiif/collection`);
    expect(doc.items.map((i: Json) => [i.id, i.type])).toEqual([
      [`${ORIGIN}/iiif/collection/mss`, 'Collection'],
      [`${ORIGIN}/iiif/collection/prints`, 'Collection'],
    ]);
    // A sub-collection's thumbnail is its first object's.
    expect(doc.items[0].thumbnail[0]).toMatchObject({ id: `${ORIGIN}/iiif/3/mss%2Fhours%2F001/full/!200,200/0/default.jpg`, type: 'Image' });
  });

  it('a collection lists its sub-collections, then its objects, each with id, type, label and thumbnail', async () => {
    const doc = await json('/iiif/collection/mss');
    expectValidCollection(doc);
    expect(doc.label).toEqual({ en: ['Manuscripts'] });
    expect(doc.partOf).toEqual([{ id: `${ORIGIN}/iiif/collection`, type: 'Collection', label: expect.any(Object) }]);
    expect(doc.items).toEqual([
      {
        id: `${ORIGIN}/iiif/collection/mss%2Fletters`,
        type: 'Collection',
        label: text('Letters'),
        thumbnail: [expect.objectContaining({ id: `${ORIGIN}/iiif/3/mss%2Fhours%2F002/full/!200,200/0/default.jpg` })],
      },
      {
        id: `${ORIGIN}/iiif/manifest/mss%2Fhours`,
        type: 'Manifest',
        label: { en: ['Book of hours'] },
        thumbnail: [expect.objectContaining({ id: `${ORIGIN}/iiif/3/mss%2Fhours%2F001/full/!200,200/0/default.jpg` })],
      },
    ]);
    const letters = await json('/iiif/collection/mss%2Fletters');
    expect(letters.summary).toEqual({ en: ['Correspondence'] });
    expect(letters.partOf[0].id).toBe(`${ORIGIN}/iiif/collection/mss`);
  });

  it(`splits ${COUNT} objects into nested ranges of at most 7 items, every object once, in natural order`, async () => {
    const seen: string[] = [];
    let pages = 0;
    async function visit(path: string): Promise<void> {
      const doc = await json(path, SMALL_PAGES);
      expectValidCollection(doc);
      pages += 1;
      expect(doc.items.length).toBeLessThanOrEqual(7);
      for (const item of doc.items as Json[]) {
        if (item.type === 'Manifest') seen.push(decodeURIComponent(item.id.slice(`${ORIGIN}/iiif/manifest/`.length)));
        else await visit(item.id.slice(ORIGIN.length));
      }
    }
    await visit('/iiif/collection/prints');
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => `prints/${i + 1}`));
    // 400 = 58 ranges of 7 → 9 of 49 → 2 of 343: 1 + 2 + 9 + 58 pages.
    expect(pages).toBe(70);
  });

  it('labels each range with its first and last object, the last range ending at the last object', async () => {
    const top = await json('/iiif/collection/prints', SMALL_PAGES);
    expect(top.items.map((i: Json) => [i.label.none[0], i.id.slice(ORIGIN.length)])).toEqual([
      ['prints/1 – prints/343', '/iiif/collection/prints?from=prints%2F1&span=343'],
      ['prints/344 – prints/400', '/iiif/collection/prints?from=prints%2F344&span=343'],
    ]);
    const last = await json('/iiif/collection/prints?from=prints%2F344&span=343', SMALL_PAGES);
    // 57 objects left: ranges of 49, the second one partial.
    expect(last.items.map((i: Json) => i.label.none[0])).toEqual(['prints/344 – prints/392', 'prints/393 – prints/400']);
    const tail = await json('/iiif/collection/prints?from=prints%2F393&span=49', SMALL_PAGES);
    expect(tail.items.map((i: Json) => i.label.none[0])).toEqual(['prints/393 – prints/399', 'prints/400']);
  });

  it('answers 304 to its ETag', async () => {
    const res = await call(env, '/iiif/collection/mss');
    const etag = res.headers.get('ETag')!;
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=30');
    expect((await call(env, '/iiif/collection/mss', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it.each([
    ['/iiif/collection/nothing', 404],
    ['/iiif/collection/prints?from=prints%2F1', 400],
    ['/iiif/collection/prints?from=prints%2F1&span=5', 400],
    ['/iiif/collection/prints?from=prints%2F1&span=x', 400],
    ['/iiif/collection/prints?from=nothing&span=1000', 404],
    ['/iiif/collection?from=a&span=1000', 400],
    ['/iiif/collection/a/b', 400],
  ])('%s → %i with a JSON reason', async (path, status) => {
    const res = await call(env, path);
    expect(res.status).toBe(status);
    expect(((await res.json()) as Json).status).toBe(status);
  });
});
