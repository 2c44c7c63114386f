/** In-memory RangeSource for tests and scripts: the same clamping rules as the R2 source, counted reads. */
import type { RangeSource } from './range-source';

export class MemorySource implements RangeSource {
  readonly size: number;
  readonly reads: { offset: number; length: number }[] = [];
  constructor(
    private readonly bytes: Uint8Array,
    readonly key = 'memory',
    readonly etag = 'memory-etag',
  ) {
    this.size = bytes.length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(start + length, this.size));
    this.reads.push({ offset: start, length: end - start });
    return this.bytes.slice(start, end);
  }
}
