/**
 * Finds the pyramid behind an identifier: isolate memory first, then the Cache API, then one ranged R2
 * read of the head parsed by openPyramid. A cached index is trusted for REVALIDATE_SECONDS after its etag
 * was last confirmed, then confirmed again with one HEAD. Concurrent cold opens of the same object in one
 * isolate share one read. The RangeSource returned is pinned to the etag the index was read from, so tiles
 * never mix two versions of an object.
 */
import type { Config } from '../config';
import { BrokenSource, NotFound, SourceBusy, SourceChanged } from '../errors';
import { keyFor } from '../iiif/identifier';
import { currentEtag, openR2Object, R2Source } from '../source/r2-source';
import type { RangeSource, ReadStats } from '../source/range-source';
import type { ObjectStore } from '../source/resilient-bucket';
import { SharedReads } from '../source/shared-reads';
import { decodeIndex, encodeIndex } from '../tiff/index-codec';
import { HEAD_READ_BYTES, openPyramid } from '../tiff/open-pyramid';
import type { PyramidIndex } from '../tiff/pyramid';
import type { CachedPyramid, PyramidCache } from '../tiff/pyramid-cache';

export interface OpenImage {
  readonly id: string;
  readonly key: string;
  readonly etag: string;
  readonly index: PyramidIndex;
  readonly source: RangeSource;
}

/** Where opened indexes are kept beyond the isolate (the Cache API in the Worker; nothing in tests). */
export interface IndexStore {
  get(key: string): Promise<{ etag: string; size: number; checkedAt: number; text: string } | null>;
  put(key: string, value: { etag: string; size: number; checkedAt: number; text: string }): Promise<void>;
}

export const NO_INDEX_STORE: IndexStore = { get: async () => null, put: async () => undefined };

/** The Cache API as an IndexStore: one entry per R2 key, the etag and check time in headers. */
export class CacheApiIndexStore implements IndexStore {
  private cache: Promise<Cache> | undefined;
  constructor(private readonly name = 'iiif-indexes') {}
  private open(): Promise<Cache> {
    this.cache ??= caches.open(this.name);
    return this.cache;
  }
  private url(key: string): string {
    return `https://indexes.iiif-edge.internal/v1/${encodeURIComponent(key)}`;
  }
  async get(key: string) {
    const hit = await (await this.open()).match(this.url(key));
    if (hit === undefined) return null;
    const etag = hit.headers.get('X-Source-Etag');
    const size = Number(hit.headers.get('X-Source-Size'));
    const checkedAt = Number(hit.headers.get('X-Checked-At'));
    if (etag === null || !Number.isFinite(size) || !Number.isFinite(checkedAt)) return null;
    return { etag, size, checkedAt, text: await hit.text() };
  }
  async put(key: string, value: { etag: string; size: number; checkedAt: number; text: string }) {
    const res = new Response(value.text, {
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': 'public, max-age=31536000',
        'X-Source-Etag': value.etag,
        'X-Source-Size': String(value.size),
        'X-Checked-At': String(value.checkedAt),
      },
    });
    await (await this.open()).put(this.url(key), res);
  }
}

export interface StoreOptions {
  readonly indexStore?: IndexStore;
  readonly now?: () => number;
}

export class ImageStore {
  private readonly opening = new SharedReads<CachedPyramid>();
  readonly reads = new SharedReads();
  private readonly indexStore: IndexStore;
  private readonly now: () => number;

  constructor(
    private readonly bucket: ObjectStore,
    private readonly config: Config,
    private readonly cache: PyramidCache,
    options: StoreOptions = {},
  ) {
    this.indexStore = options.indexStore ?? NO_INDEX_STORE;
    this.now = options.now ?? Date.now;
  }

  private fresh(entry: { checkedAt: number }): boolean {
    return this.now() - entry.checkedAt < this.config.revalidateSeconds * 1000;
  }

  private handle(id: string, entry: CachedPyramid, stats: ReadStats): OpenImage {
    const source = new R2Source(this.bucket, entry.key, entry.etag, entry.size, stats, this.reads);
    return { id, key: entry.key, etag: entry.etag, index: entry.index, source };
  }

  /**
   * `defer` receives background work (writing the Cache API) that must not delay the response
   * (ctx.waitUntil in the Worker).
   */
  async open(id: string, stats: ReadStats, defer: (p: Promise<unknown>) => void = () => {}, reopen = false): Promise<OpenImage> {
    const key = keyFor(id, this.config.keyTemplate);
    if (!reopen) {
      const inMemory = this.cache.get(key);
      if (inMemory !== undefined && this.fresh(inMemory)) return this.handle(id, inMemory, stats);
    }
    const { bytes: entry } = await this.opening.run(reopen ? `${key}#reopen` : key, () => this.load(key, stats, defer, reopen));
    return this.handle(id, entry, stats);
  }

  private async load(key: string, stats: ReadStats, defer: (p: Promise<unknown>) => void, reopen: boolean): Promise<CachedPyramid> {
    let known: CachedPyramid | undefined = reopen ? undefined : this.cache.get(key);
    if (known === undefined && !reopen) {
      const stored = await this.indexStore.get(key).catch(() => null);
      const index = stored === null ? null : decodeIndex(stored.text);
      if (stored !== null && index !== null) known = { key, etag: stored.etag, size: stored.size, index, checkedAt: stored.checkedAt };
    }
    if (known !== undefined) {
      if (!this.fresh(known)) {
        const etag = await currentEtag(this.bucket, key, stats);
        if (etag === null) {
          this.cache.delete(key);
          throw new NotFound('no image with this identifier');
        }
        if (etag === known.etag) {
          known = { ...known, checkedAt: this.now() };
          const entry = known;
          defer(this.indexStore.put(key, { etag: entry.etag, size: entry.size, checkedAt: entry.checkedAt, text: encodeIndex(entry.index) }).catch(() => {}));
        } else {
          known = undefined;
        }
      }
      if (known !== undefined) {
        this.cache.set(known);
        return known;
      }
    }
    const opened = await openR2Object(this.bucket, key, HEAD_READ_BYTES, stats);
    const source = new R2Source(this.bucket, key, opened.etag, opened.size, stats);
    const index = await openPyramid(source, opened.head);
    const entry: CachedPyramid = { key, etag: opened.etag, size: opened.size, index, checkedAt: this.now() };
    this.cache.set(entry);
    defer(this.indexStore.put(key, { etag: entry.etag, size: entry.size, checkedAt: entry.checkedAt, text: encodeIndex(index) }).catch(() => {}));
    return entry;
  }

  /**
   * Runs `work` on the opened image; if the object is replaced underneath (a pinned read fails), the
   * index is dropped and the work runs once more on the new version.
   */
  async withImage<T>(id: string, stats: ReadStats, defer: (p: Promise<unknown>) => void, work: (image: OpenImage) => Promise<T>): Promise<T> {
    let first: OpenImage | undefined;
    try {
      first = await this.open(id, stats, defer);
      return await work(first);
    } catch (err) {
      // A tile that looks broken may only be stale: an index trusted for REVALIDATE_SECONDS can describe an
      // object replaced since. One HEAD tells; a changed etag is handled like a failed pinned read.
      const stale = err instanceof BrokenSource && first !== undefined && (await currentEtag(this.bucket, first.key, stats)) !== first.etag;
      if (!(err instanceof SourceChanged) && !stale) throw err;
    }
    try {
      return await work(await this.open(id, stats, defer, true));
    } catch (err) {
      if (err instanceof SourceChanged) throw new SourceBusy('the image was replaced twice while being read; try again');
      throw err;
    }
  }
}
