/**
 * Per-isolate LRU of opened pyramids, keyed by R2 key and pinned to the etag they were read from. An
 * entry is trusted for `revalidateMs`; after that the caller checks the etag (one cheap HEAD) before
 * using it again. Bounded by the bytes of the tile arrays, which dominate an index's size.
 */
import type { PyramidIndex } from './pyramid';

export interface CachedPyramid {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly index: PyramidIndex;
  /** When the etag was last confirmed (ms since epoch). */
  checkedAt: number;
}

/** What one entry costs: its tile arrays and JPEG tables, plus a fixed allowance for the small fields. */
export function indexBytes(index: PyramidIndex): number {
  let bytes = 1024;
  for (const l of index.levels) bytes += l.tileOffsets.byteLength + l.tileByteCounts.byteLength + (l.jpegTables?.length ?? 0);
  return bytes;
}

/**
 * Bumped by forgetAllPyramids(). Every cache compares it with the generation it last saw and empties
 * itself when they differ, so the isolate's caches can be dropped without holding references to them
 * (the Worker entry owns its cache as module state; tests need a cold isolate without a new isolate).
 */
let generation = 0;

/** Empties every PyramidCache in this isolate (each one on its next use): a cold isolate, indexes-wise. */
export function forgetAllPyramids(): void {
  generation += 1;
}

export class PyramidCache {
  private readonly map = new Map<string, CachedPyramid>();
  private bytes = 0;
  private seen = generation;

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  private sync(): void {
    if (this.seen === generation) return;
    this.seen = generation;
    this.clear();
  }

  get(key: string): CachedPyramid | undefined {
    this.sync();
    const hit = this.map.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  /** Adds or replaces an entry, then evicts least recently used ones until the total fits (never the new one). */
  set(entry: CachedPyramid): void {
    this.sync();
    this.delete(entry.key);
    this.map.set(entry.key, entry);
    this.bytes += indexBytes(entry.index);
    for (const key of this.map.keys()) {
      if (this.bytes <= this.maxBytes || key === entry.key) break;
      this.delete(key);
    }
  }

  delete(key: string): void {
    this.sync();
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.bytes -= indexBytes(old.index);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    this.sync();
    return this.map.size;
  }

  /** Bytes held, as counted by indexBytes (for tests and diagnostics). */
  get heldBytes(): number {
    this.sync();
    return this.bytes;
  }
}
