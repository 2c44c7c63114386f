/**
 * PyramidCache: the isolate's LRU of opened indexes stays within its byte bound (entries cost their tile
 * arrays and tables, indexBytes), evicts the least recently used first, never evicts the entry just
 * added, and forgetAllPyramids() empties every cache of the isolate.
 */
import { describe, expect, it } from 'vitest';
import { forgetAllPyramids, indexBytes, PyramidCache, type CachedPyramid } from '../../../src/tiff/pyramid-cache';
import { syntheticPyramid } from '../plan/synthetic-pyramid';

/** An entry whose index costs exactly `tiles * 16 + 1024` bytes (one level, no JPEG tables). */
function entry(key: string, tiles: number, etag = 'e1'): CachedPyramid {
  const index = syntheticPyramid({ width: 256 * tiles, height: 256, singleLevel: true, compression: 'deflate' });
  return { key, etag, size: 1, index, checkedAt: 0 };
}

const COST = indexBytes(entry('x', 10).index);

describe('PyramidCache', () => {
  it('charges each entry its tile arrays and tables', () => {
    expect(COST).toBe(10 * 16 + 1024);
    const chart = syntheticPyramid({ width: 1000, height: 700 });
    const tables = { ...chart, levels: chart.levels.map((l) => ({ ...l, jpegTables: new Uint8Array(300) })) };
    expect(indexBytes(tables) - indexBytes(chart)).toBe(300 * chart.levels.length);
  });

  it.each([
    { name: 'room for all', capacity: 3, adds: ['a', 'b', 'c'], touch: [], kept: ['a', 'b', 'c'] },
    { name: 'oldest goes first', capacity: 3, adds: ['a', 'b', 'c', 'd'], touch: [], kept: ['b', 'c', 'd'] },
    { name: 'a read makes an entry recent', capacity: 3, adds: ['a', 'b', 'c'], touch: ['a'], kept: ['a', 'c', 'd'] },
    { name: 'capacity for one', capacity: 1, adds: ['a', 'b'], touch: [], kept: ['b'] },
  ])('$name', ({ capacity, adds, touch, kept }) => {
    const cache = new PyramidCache(capacity * COST);
    for (const k of adds) cache.set(entry(k, 10));
    for (const k of touch) cache.get(k);
    if (touch.length > 0) cache.set(entry('d', 10));
    const present = ['a', 'b', 'c', 'd'].filter((k) => cache.get(k) !== undefined);
    expect(present).toEqual(kept);
    expect(cache.heldBytes).toBe(kept.length * COST);
    expect(cache.heldBytes).toBeLessThanOrEqual(capacity * COST);
  });

  it('keeps an entry larger than the whole bound (and only it): an image must still open', () => {
    const cache = new PyramidCache(2 * COST);
    cache.set(entry('a', 10));
    cache.set(entry('big', 1000));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('big')?.key).toBe('big');
    expect(cache.size).toBe(1);
  });

  it('replacing a key (new etag) counts its bytes once', () => {
    const cache = new PyramidCache(10 * COST);
    cache.set(entry('a', 10, 'old'));
    cache.set(entry('a', 10, 'new'));
    expect(cache.size).toBe(1);
    expect(cache.heldBytes).toBe(COST);
    expect(cache.get('a')?.etag).toBe('new');
  });

  it('delete frees the bytes; deleting a missing key is harmless', () => {
    const cache = new PyramidCache(10 * COST);
    cache.set(entry('a', 10));
    cache.delete('a');
    cache.delete('never');
    expect(cache.size).toBe(0);
    expect(cache.heldBytes).toBe(0);
  });

  it('forgetAllPyramids empties every cache in the isolate, which then fill again', () => {
    const one = new PyramidCache();
    const two = new PyramidCache();
    one.set(entry('a', 10));
    two.set(entry('b', 10));
    forgetAllPyramids();
    expect(one.get('a')).toBeUndefined();
    expect(two.size).toBe(0);
    expect(two.heldBytes).toBe(0);
    one.set(entry('c', 10));
    expect(one.get('c')?.key).toBe('c');
    expect(one.heldBytes).toBe(COST);
  });
});
