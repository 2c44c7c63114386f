/**
 * RangeSource over an R2 binding. Every read is clamped to the object size (local R2 refuses ranges that
 * start past the end) and pinned to one etag with `onlyIf` so a replaced object is noticed instead of
 * mixing bytes of two versions. Reads are counted in the request's ReadStats for Server-Timing.
 */
import { NotFound, SourceChanged } from '../errors';
import type { RangeSource, ReadStats } from './range-source';
import type { ObjectStore } from './resilient-bucket';
import type { SharedReads } from './shared-reads';

/** What one R2 call gives back when an object is opened: its version, size and the first bytes. */
export interface OpenedObject {
  readonly etag: string;
  readonly size: number;
  readonly head: Uint8Array;
}

export class R2Source implements RangeSource {
  constructor(
    private readonly bucket: ObjectStore,
    readonly key: string,
    readonly etag: string,
    readonly size: number,
    private readonly stats: ReadStats,
    private readonly sharing?: SharedReads,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(length, this.size - start));
    if (len === 0) return new Uint8Array(0);
    const t0 = performance.now();
    const fetchRange = async (): Promise<Uint8Array> => {
      const obj = await this.bucket.get(this.key, {
        range: { offset: start, length: len },
        onlyIf: { etagMatches: this.etag },
      });
      if (obj === null) throw new SourceChanged(this.key);
      // A failed precondition returns the object's metadata without a body.
      if (!('arrayBuffer' in obj)) throw new SourceChanged(this.key);
      return new Uint8Array(await obj.arrayBuffer());
    };
    if (this.sharing === undefined) {
      const bytes = await fetchRange();
      this.stats.record(bytes.length, performance.now() - t0);
      return bytes;
    }
    const { bytes, shared } = await this.sharing.run(`${this.key}|${this.etag}|${start}|${len}`, fetchRange);
    if (shared) this.stats.shared += 1;
    else this.stats.record(bytes.length, performance.now() - t0);
    return bytes;
  }
}

/** Opens an object with one ranged read of its first `headLength` bytes; 404 when it does not exist. */
export async function openR2Object(
  bucket: ObjectStore,
  key: string,
  headLength: number,
  stats: ReadStats,
): Promise<OpenedObject> {
  const t0 = performance.now();
  let obj: R2ObjectBody | null;
  try {
    obj = await bucket.get(key, { range: { offset: 0, length: headLength } });
  } catch (err) {
    // An empty object cannot satisfy any range; treat it as what it is: not an image.
    const head = await bucket.head(key);
    if (head === null) throw new NotFound(`no image at ${key}`);
    if (head.size === 0) return { etag: head.etag, size: 0, head: new Uint8Array(0) };
    throw err;
  }
  if (obj === null) throw new NotFound(`no image with this identifier`);
  const head = new Uint8Array(await obj.arrayBuffer());
  stats.record(head.length, performance.now() - t0);
  return { etag: obj.etag, size: obj.size, head };
}

/** The object's current etag, or null if it is gone (used to revalidate a cached index). */
export async function currentEtag(bucket: ObjectStore, key: string, stats: ReadStats): Promise<string | null> {
  const t0 = performance.now();
  const head = await bucket.head(key);
  stats.record(0, performance.now() - t0);
  return head?.etag ?? null;
}
