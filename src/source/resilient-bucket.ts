/**
 * The two R2 calls the Worker makes (ranged GET, HEAD), each bounded in time and retried once: both are
 * reads, so repeating one is safe. A second failure or timeout becomes StorageUnavailable (503 with
 * Retry-After), so a client or CDN tries again later instead of caching a 500. `null` (no such object) and a
 * failed `onlyIf` precondition are answers, not faults, and are passed through untouched.
 */
import { StorageUnavailable } from '../errors';

/** What the image path needs of an R2 bucket. */
export type ObjectStore = Pick<R2Bucket, 'get' | 'head'>;

/** Seconds a client is asked to wait after storage faults (RFC 9110 §10.2.3). */
export const STORAGE_RETRY_AFTER_S = 5;

async function bounded<T>(call: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

async function twice<T>(call: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  try {
    return await bounded(call, timeoutMs, what);
  } catch {
    try {
      return await bounded(call, timeoutMs, what);
    } catch (err) {
      // The storage's own message stays in the operator's log; the client learns only that it may retry.
      console.error(`storage fault on ${what}:`, err instanceof Error ? err.message.split('\n')[0] : String(err));
      throw new StorageUnavailable(`storage did not answer ${what} (tried twice)`, STORAGE_RETRY_AFTER_S);
    }
  }
}

export function resilientBucket(bucket: ObjectStore, timeoutMs: number): ObjectStore {
  return {
    get: ((key: string, options?: R2GetOptions) => twice(() => bucket.get(key, options), timeoutMs, `GET ${key}`)) as ObjectStore['get'],
    head: (key: string) => twice(() => bucket.head(key), timeoutMs, `HEAD ${key}`),
  };
}
