/**
 * A Catalog whose failures have one shape: any error from the store, or no answer within `timeoutMs`, is
 * retried once (every call is a read, so repeating it is safe: a manifest's queries run as one batch, which D1
 * runs as one transaction, so a retry never mixes two versions of a record), then becomes CatalogUnavailable
 * (503 with Retry-After), so a viewer retries later instead of seeing a 500 or waiting for ever.
 * Only manifests and collections go through it; image routes never touch the catalogue.
 */
import { CatalogUnavailable } from '../errors';
import type { Catalog } from './catalog';

/** Seconds a client is asked to wait: long enough for a replica to recover, short for a reader. */
export const RETRY_AFTER_S = 5;

async function once<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CatalogUnavailable(`the catalogue did not answer within ${timeoutMs} ms (${what})`, RETRY_AFTER_S)), timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    if (err instanceof CatalogUnavailable) throw err;
    // The cause goes to the log, not to the client (it may name tables or replicas).
    console.error(`catalogue error (${what}):`, err instanceof Error ? err.message : err);
    throw new CatalogUnavailable(`the catalogue is unavailable (${what})`, RETRY_AFTER_S);
  } finally {
    clearTimeout(timer);
  }
}

async function guarded<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  try {
    return await once(what, timeoutMs, work);
  } catch {
    return await once(what, timeoutMs, work);
  }
}

export function guardCatalog(inner: Catalog, timeoutMs: number): Catalog {
  return {
    hasRecord: (id) => guarded('viewer', timeoutMs, () => inner.hasRecord(id)),
    manifestData: (id) => guarded('manifest', timeoutMs, () => inner.manifestData(id)),
    listing: (name, v, limit) => guarded('collection', timeoutMs, () => inner.listing(name, v, limit)),
    objectsFrom: (c, from, limit, v) => guarded('collection', timeoutMs, () => inner.objectsFrom(c, from, limit, v)),
    ranges: (c, from, window, span, v) => guarded('collection', timeoutMs, () => inner.ranges(c, from, window, span, v)),
  };
}
