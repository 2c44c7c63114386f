/**
 * SharedReads: identical reads in flight at the same time make one underlying call; settled reads are
 * forgotten (not a cache); a failed shared read is the starter's error only — each waiter then does its
 * own read; a waiter whose shared read never settles (its request was cancelled, on Workers) reads for
 * itself after the patience time. Reads are controlled by hand (deferred promises), so "at the same
 * time" is exact.
 */
import { describe, expect, it, vi } from 'vitest';
import { SharedReads } from '../../../src/source/shared-reads';

/** A read whose outcome the test decides, counting how often it was started. */
function controlledReads() {
  const pending: { resolve: (v: Uint8Array) => void; reject: (e: unknown) => void }[] = [];
  return {
    pending,
    read: () =>
      new Promise<Uint8Array>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('SharedReads', () => {
  it.each([2, 5, 20])('%i concurrent identical reads → one call, the same bytes for all', async (n) => {
    const shared = new SharedReads();
    const { pending, read } = controlledReads();
    const runs = Array.from({ length: n }, () => shared.run('k', read));
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(bytes(1, 2, 3));
    const results = await Promise.all(runs);
    expect(results.map((r) => Array.from(r.bytes))).toEqual(Array.from({ length: n }, () => [1, 2, 3]));
    expect(results.filter((r) => !r.shared)).toHaveLength(1);
    expect(shared.shared).toBe(n - 1);
  });

  it('different keys read separately', async () => {
    const shared = new SharedReads();
    const { pending, read } = controlledReads();
    const a = shared.run('a', read);
    const b = shared.run('b', read);
    expect(pending).toHaveLength(2);
    pending[0]!.resolve(bytes(1));
    pending[1]!.resolve(bytes(2));
    expect([(await a).bytes[0], (await b).bytes[0]]).toEqual([1, 2]);
    expect(shared.shared).toBe(0);
  });

  it('forgets a read once it settled: a later identical read calls again', async () => {
    const shared = new SharedReads();
    const { pending, read } = controlledReads();
    const first = shared.run('k', read);
    pending[0]!.resolve(bytes(1));
    await first;
    const second = shared.run('k', read);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(bytes(2));
    expect(await second).toEqual({ bytes: bytes(2), shared: false });
  });

  it('a failed shared read fails its starter; each waiter does its own read', async () => {
    const shared = new SharedReads();
    const { pending, read } = controlledReads();
    const starter = shared.run('k', read);
    const waiters = [shared.run('k', read), shared.run('k', read)];
    expect(pending).toHaveLength(1);
    pending[0]!.reject(new Error('cancelled'));
    await expect(starter).rejects.toThrow('cancelled');
    // Let the waiters see the failure and start their own reads.
    await new Promise((r) => setTimeout(r, 0));
    expect(pending).toHaveLength(3);
    pending[1]!.resolve(bytes(7));
    pending[2]!.resolve(bytes(8));
    const got = await Promise.all(waiters);
    expect(got.map((g) => [g.bytes[0], g.shared])).toEqual([
      [7, false],
      [8, false],
    ]);
    expect(shared.shared).toBe(0);
  });

  it("a waiter's own read failing is that waiter's error, and the key is free again", async () => {
    const shared = new SharedReads();
    const { pending, read } = controlledReads();
    const starter = shared.run('k', read);
    const waiter = shared.run('k', read);
    pending[0]!.reject(new Error('first'));
    await expect(starter).rejects.toThrow('first');
    await new Promise((r) => setTimeout(r, 0));
    pending[1]!.reject(new Error('second'));
    await expect(waiter).rejects.toThrow('second');
    const later = shared.run('k', read);
    expect(pending).toHaveLength(3);
    pending[2]!.resolve(bytes(9));
    expect((await later).bytes[0]).toBe(9);
  });

  it('a read that throws before it is a promise leaves nothing behind', async () => {
    const shared = new SharedReads();
    const boom = (): Promise<Uint8Array> => {
      throw new Error('sync');
    };
    await expect(shared.run('k', boom)).rejects.toThrow('sync');
    const { pending, read } = controlledReads();
    const next = shared.run('k', read);
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(bytes(3));
    expect((await next).shared).toBe(false);
  });

  it('a waiter whose shared read never settles reads for itself after the patience time, not before', async () => {
    // Fake timers: the patience time is checked to the millisecond, not by sleeping past it.
    vi.useFakeTimers();
    try {
      const shared = new SharedReads(20);
      const { pending, read } = controlledReads();
      void shared.run('k', read); // the starter's request is gone: its read never settles
      const waiter = shared.run('k', read);
      await vi.advanceTimersByTimeAsync(19);
      expect(pending).toHaveLength(1); // still waiting for the shared read
      await vi.advanceTimersByTimeAsync(1);
      expect(pending).toHaveLength(2); // gave up at 20 ms and started its own
      pending[1]!.resolve(bytes(5));
      expect(await waiter).toEqual({ bytes: bytes(5), shared: false });
      expect(shared.shared).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a slow shared read that settles within the patience time is still shared', async () => {
    const shared = new SharedReads(1_000);
    const { pending, read } = controlledReads();
    const starter = shared.run('k', read);
    const waiter = shared.run('k', read);
    await new Promise((r) => setTimeout(r, 30));
    pending[0]!.resolve(bytes(6));
    expect((await waiter).shared).toBe(true);
    expect((await starter).shared).toBe(false);
    expect(pending).toHaveLength(1);
  });
});
