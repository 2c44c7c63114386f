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

export function indexBytes(index: PyramidIndex): number {
  let bytes = 1024;
  for (const l of index.levels) bytes += l.tileOffsets.byteLength + l.tileByteCounts.byteLength + (l.jpegTables?.length ?? 0);
  return bytes;
}

export class PyramidCache {
  private readonly map = new Map<string, CachedPyramid>();
  private bytes = 0;

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  get(key: string): CachedPyramid | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  set(entry: CachedPyramid): void {
    this.delete(entry.key);
    this.map.set(entry.key, entry);
    this.bytes += indexBytes(entry.index);
    for (const [key, old] of this.map) {
      if (this.bytes <= this.maxBytes || key === entry.key) break;
      this.delete(key);
      void old;
    }
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.bytes -= indexBytes(old.index);
  }

  get size(): number {
    return this.map.size;
  }
}
