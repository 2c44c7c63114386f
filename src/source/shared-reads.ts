/**
 * Concurrent requests in one isolate that need the same bytes (the same tile, the same header) share one
 * R2 read: the first starts it, the others await the same promise while it is in flight. Settled reads
 * are forgotten at once (this is not a cache). A waiter whose shared read fails does its own read, so a
 * problem in one request never becomes another's error.
 *
 * A waiter also stops waiting after `patienceMs` and reads for itself. On Workers the shared promise
 * belongs to the request that started the read; if that request is cancelled (a viewer dropping tiles
 * it no longer needs is routine), its I/O is cancelled with it and the promise may never settle, and
 * continuations of other requests on it are cancelled by the runtime (Cloudflare Workers errors, "The
 * script will never generate a response", cross-request promises). The timer runs in the waiter's own
 * request, so the waiter always ends.
 */

/** Long enough for a slow R2 read, short enough that a waiter stranded by a cancelled request recovers. */
export const DEFAULT_PATIENCE_MS = 1_500;

const GAVE_UP: unique symbol = Symbol('gave up waiting');

export class SharedReads<T = Uint8Array> {
  private readonly inflight = new Map<string, Promise<T>>();
  /** How many reads were answered by another request's read (for tests and Server-Timing). */
  shared = 0;

  constructor(private readonly patienceMs = DEFAULT_PATIENCE_MS) {}

  async run(key: string, read: () => Promise<T>): Promise<{ bytes: T; shared: boolean }> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      const outcome = await this.waitFor(pending);
      if (outcome !== GAVE_UP) {
        this.shared += 1;
        return { bytes: outcome, shared: true };
      }
      return { bytes: await read(), shared: false };
    }
    const started = read();
    this.inflight.set(key, started);
    try {
      return { bytes: await started, shared: false };
    } finally {
      this.inflight.delete(key);
    }
  }

  /** The shared read's bytes, or GAVE_UP if it failed or took longer than patienceMs. */
  private async waitFor(pending: Promise<T>): Promise<T | typeof GAVE_UP> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const patience = new Promise<typeof GAVE_UP>((resolve) => {
      timer = setTimeout(() => resolve(GAVE_UP), this.patienceMs);
    });
    try {
      return await Promise.race([pending.catch((): typeof GAVE_UP => GAVE_UP), patience]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}
