/** Runs async work over an index range with bounded concurrency (builds in a batch, edge-copy checks). */

/** Runs fn(0..n-1) with at most `limit` in flight; results in index order. */
export async function mapLimited<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < n) {
      const i = nextIndex++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}
