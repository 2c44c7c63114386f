/**
 * Splitting large collections into nested ranges (src/service/collection-service.ts) over the in-memory
 * catalogue: walking the tree from a collection reaches every visible object exactly once, in natural order;
 * no page lists more than the page size; hidden objects change neither the pages nor their bounds.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectRow } from '../../../src/catalog/record';
import { MemoryCatalog, type MemoryContent } from '../../../src/catalog/memory-catalog';
import { EVERYTHING, type Visibility } from '../../../src/catalog/visibility';
import { collectionDoc } from '../../../src/presentation/collection';
import { collectionPage, type CollectionRequest } from '../../../src/service/collection-service';
import { naturalKey } from '../../helpers/catalog-rows';

const BASE = 'https://iiif.example.org';
const TOP = { en: ['Collections'] };

function object(id: string, collection: string): ObjectRow {
  return { id, collection, sortKey: naturalKey(id), label: { none: [id] }, thumbnail: `${id}/1`, record: {}, hash: 'h', updatedAt: 't' };
}

function content(collection: string, count: number, children = 0, extra: ObjectRow[] = []): MemoryContent {
  return {
    collections: [
      { name: collection, parent: null, label: { en: [collection] }, summary: null, updatedAt: 't' },
      ...Array.from({ length: children }, (_, i) => ({ name: `${collection}/sub${i + 1}`, parent: collection, label: { none: [`sub${i + 1}`] }, summary: null, updatedAt: 't' })),
    ],
    objects: [...Array.from({ length: count }, (_, i) => object(`${collection}/${i + 1}`, collection)), ...extra],
  };
}

/** The request a collection URL stands for. */
function requestOf(url: string): CollectionRequest {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice('/iiif/collection/'.length));
  const from = u.searchParams.get('from');
  return { name, range: from === null ? null : { from, span: Number(u.searchParams.get('span')) } };
}

interface Walk {
  manifests: string[];
  pages: number;
  depth: number;
  largest: number;
}

async function walk(catalog: MemoryCatalog, name: string, pageSize: number, visibility: Visibility = EVERYTHING): Promise<Walk> {
  const out: Walk = { manifests: [], pages: 0, depth: 0, largest: 0 };
  async function visit(req: CollectionRequest, depth: number): Promise<void> {
    const doc = collectionDoc(BASE, await collectionPage(catalog, BASE, req, visibility, pageSize, TOP)) as { items: { id: string; type: string }[] };
    out.pages += 1;
    out.depth = Math.max(out.depth, depth);
    out.largest = Math.max(out.largest, doc.items.length);
    for (const item of doc.items) {
      if (item.type === 'Manifest') out.manifests.push(decodeURIComponent(item.id.slice(`${BASE}/iiif/manifest/`.length)));
      else if (item.id.includes('?from=')) await visit(requestOf(item.id), depth + 1);
    }
  }
  await visit({ name, range: null }, 0);
  return out;
}

describe('collection splitting', () => {
  it.each([
    // [objects, page size, sub-collections, expected depth of ranges]
    [5, 1000, 0, 0],
    [1000, 1000, 0, 0],
    [1001, 1000, 0, 1],
    [10, 3, 0, 2],
    [9, 3, 0, 1],
    [27, 3, 0, 2],
    [28, 3, 0, 3],
    [400, 7, 0, 3],
    [12, 5, 4, 2],
    [2, 2, 1, 1],
  ])('%i objects, page size %i, %i sub-collections: every object once, in order, depth %i', async (count, pageSize, children, depth) => {
    const catalog = new MemoryCatalog(content('c', count, children));
    const w = await walk(catalog, 'c', pageSize);
    expect(w.manifests).toEqual(Array.from({ length: count }, (_, i) => `c/${i + 1}`));
    expect(w.largest).toBeLessThanOrEqual(pageSize);
    expect(w.depth).toBe(depth);
  });

  it('labels ranges with their first and last object and gives them the first thumbnail', async () => {
    const page = await collectionPage(new MemoryCatalog(content('c', 7)), BASE, { name: 'c', range: null }, EVERYTHING, 3, TOP);
    expect(page.items.map((i) => [i.id, i.label.none![0], i.thumbnail])).toEqual([
      [`${BASE}/iiif/collection/c?from=c%2F1&span=3`, 'c/1 – c/3', 'c/1/1'],
      [`${BASE}/iiif/collection/c?from=c%2F4&span=3`, 'c/4 – c/6', 'c/4/1'],
      [`${BASE}/iiif/collection/c?from=c%2F7&span=3`, 'c/7', 'c/7/1'],
    ]);
  });

  it.each([
    ['a span that is not a power of the page size', { from: 'c/1', span: 4 }, 400],
    ['a span below the page size', { from: 'c/1', span: 1 }, 400],
    ['a start that is not in the collection', { from: 'other/1', span: 3 }, 404],
  ])('refuses %s', async (_name, range, status) => {
    const catalog = new MemoryCatalog(content('c', 10));
    await expect(collectionPage(catalog, BASE, { name: 'c', range }, EVERYTHING, 3, TOP)).rejects.toMatchObject({ status });
  });

  it('hides objects this person may not see, from names, counts and range bounds alike', async () => {
    const hidden: Visibility = { rules: [{ prefix: 'private/', visible: false }], defaultVisible: true };
    const secrets = [object('private/a', 'c'), object('private/b', 'c'), object('private/z', 'c')];
    const withSecrets = new MemoryCatalog(content('c', 10, 0, secrets));
    const without = new MemoryCatalog(content('c', 10));
    for (const pageSize of [3, 10, 1000]) {
      const seen = await walk(withSecrets, 'c', pageSize, hidden);
      expect(seen).toEqual(await walk(without, 'c', pageSize, hidden));
      expect(seen.manifests.some((m) => m.startsWith('private/'))).toBe(false);
      // Someone allowed sees them all.
      expect((await walk(withSecrets, 'c', pageSize)).manifests).toHaveLength(13);
    }
  });
});
