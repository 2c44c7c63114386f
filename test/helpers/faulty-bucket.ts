/**
 * A fault-injecting R2 bucket for the workerd tests: wraps the test's real (local) R2 binding and, by a
 * script the test writes, throws, answers slowly, or replaces the object just before a call. Everything it
 * does not script goes to the real binding unchanged.
 */
export interface FaultScript {
  /** For each GET, in order (1-based call numbers): what to do before calling the real bucket. */
  get?: (call: number, key: string, options?: R2GetOptions) => Promise<void> | void;
  head?: (call: number, key: string) => Promise<void> | void;
}

export interface FaultyBucket {
  readonly bucket: R2Bucket;
  readonly calls: { get: number; head: number };
}

export function faultyBucket(real: R2Bucket, script: FaultScript): FaultyBucket {
  const calls = { get: 0, head: 0 };
  const bucket = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'get') {
        return async (key: string, options?: R2GetOptions) => {
          calls.get += 1;
          await script.get?.(calls.get, key, options);
          return target.get(key, options);
        };
      }
      if (prop === 'head') {
        return async (key: string) => {
          calls.head += 1;
          await script.head?.(calls.head, key);
          return target.head(key);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { bucket, calls };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
