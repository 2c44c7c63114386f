/**
 * Finds the pyramid behind an identifier: isolate memory first (trusted for REVALIDATE_SECONDS, then
 * confirmed with one HEAD), else one ranged R2 read of the head, parsed by openPyramid. Returns a
 * RangeSource pinned to the etag the index was read from, so tiles never mix two versions of an object.
 */
import type { Config } from '../config';
import { SourceChanged } from '../errors';
import { keyFor } from '../iiif/identifier';
import { currentEtag, openR2Object, R2Source } from '../source/r2-source';
import type { RangeSource, ReadStats } from '../source/range-source';
import { HEAD_READ_BYTES, openPyramid } from '../tiff/open-pyramid';
import type { PyramidIndex } from '../tiff/pyramid';
import type { PyramidCache } from '../tiff/pyramid-cache';
import { NotFound } from '../errors';

export interface OpenImage {
  readonly id: string;
  readonly key: string;
  readonly etag: string;
  readonly index: PyramidIndex;
  readonly source: RangeSource;
}

export class ImageStore {
  constructor(
    private readonly bucket: R2Bucket,
    private readonly config: Config,
    private readonly cache: PyramidCache,
    private readonly now: () => number = Date.now,
  ) {}

  async open(id: string, stats: ReadStats, reopen = false): Promise<OpenImage> {
    const key = keyFor(id, this.config.keyTemplate);
    const cached = reopen ? undefined : this.cache.get(key);
    if (cached !== undefined) {
      const age = this.now() - cached.checkedAt;
      let fresh = age < this.config.revalidateSeconds * 1000;
      if (!fresh) {
        const etag = await currentEtag(this.bucket, key, stats);
        if (etag === null) {
          this.cache.delete(key);
          throw new NotFound('no image with this identifier');
        }
        fresh = etag === cached.etag;
        if (fresh) cached.checkedAt = this.now();
      }
      if (fresh) {
        const source = new R2Source(this.bucket, key, cached.etag, cached.size, stats);
        return { id, key, etag: cached.etag, index: cached.index, source };
      }
    }
    const opened = await openR2Object(this.bucket, key, HEAD_READ_BYTES, stats);
    const source = new R2Source(this.bucket, key, opened.etag, opened.size, stats);
    const index = await openPyramid(source, opened.head);
    this.cache.set({ key, etag: opened.etag, size: opened.size, index, checkedAt: this.now() });
    return { id, key, etag: opened.etag, index, source };
  }

  /**
   * Runs `work` on the opened image; if the object is replaced underneath (a pinned read fails), the
   * index is dropped and the work runs once more on the new version.
   */
  async withImage<T>(id: string, stats: ReadStats, work: (image: OpenImage) => Promise<T>): Promise<T> {
    try {
      return await work(await this.open(id, stats));
    } catch (err) {
      if (!(err instanceof SourceChanged)) throw err;
      return await work(await this.open(id, stats, true));
    }
  }
}
