/**
 * The one narrow I/O interface: byte ranges of one stored object, pinned to one version of it. Everything
 * that reads pyramids goes through this; tests use the in-memory implementation.
 */

export interface RangeSource {
  /** Storage key, for messages and cache keys. */
  readonly key: string;
  /** Total object size in bytes. */
  readonly size: number;
  /** Version tag of the object; reads fail with SourceChanged if the object no longer has it. */
  readonly etag: string;
  /** Reads [offset, offset + length) clamped to the object size. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Per-request account of reads, for Server-Timing (`r2;dur=…;desc="N reads"`). */
export class ReadStats {
  reads = 0;
  bytes = 0;
  ms = 0;
  /** Reads answered by another request's identical read in flight (no R2 call of this request's own). */
  shared = 0;
  record(bytes: number, ms: number): void {
    this.reads += 1;
    this.bytes += bytes;
    this.ms += ms;
  }
}
