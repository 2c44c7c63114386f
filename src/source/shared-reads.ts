/**
 * Concurrent requests in one isolate that need the same bytes (the same tile, the same header) share one
 * R2 read: the first starts it, the others await the same promise while it is in flight. Settled reads
 * are forgotten at once (this is not a cache). A waiter whose shared read fails does its own read, so a
 * problem in one request (say, it was cancelled) never becomes another's error.
 */

export class SharedReads<T = Uint8Array> {
  private readonly inflight = new Map<string, Promise<T>>();
  /** How many reads were answered by another request's read (for tests and Server-Timing). */
  shared = 0;

  async run(key: string, read: () => Promise<T>): Promise<{ bytes: T; shared: boolean }> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      try {
        const bytes = await pending;
        this.shared += 1;
        return { bytes, shared: true };
      } catch {
        return { bytes: await read(), shared: false };
      }
    }
    const started = read();
    this.inflight.set(key, started);
    try {
      return { bytes: await started, shared: false };
    } finally {
      this.inflight.delete(key);
    }
  }
}
