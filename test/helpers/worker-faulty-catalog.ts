/**
 * A fault-injecting Catalog for the workerd tests: wraps a real one and makes every call fail (as D1 does when
 * a replica is unreachable: `D1_ERROR: …`) or answer late, so tests can check that manifests and collections
 * answer 503 with Retry-After while images keep working.
 */
import type { Catalog } from '../../src/catalog/catalog';

export type Fault =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'slow'; readonly ms: number }
  /** The next `times` calls fail, then the catalogue answers again (`times` counts down). */
  | { kind: 'errors'; readonly message: string; times: number }
  | { readonly kind: 'none' };

export function faultyCatalog(inner: Catalog, fault: () => Fault): Catalog {
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const now = fault();
      if (now.kind === 'error') throw new Error(now.message);
      if (now.kind === 'errors' && now.times > 0) {
        now.times -= 1;
        throw new Error(now.message);
      }
      if (now.kind === 'slow') await new Promise((r) => setTimeout(r, now.ms));
      return f(...a);
    };
  return {
    hasRecord: wrap((id: string) => inner.hasRecord(id)),
    manifestData: wrap((id: string) => inner.manifestData(id)),
    listing: wrap((...a: Parameters<Catalog['listing']>) => inner.listing(...a)),
    objectsFrom: wrap((...a: Parameters<Catalog['objectsFrom']>) => inner.objectsFrom(...a)),
    ranges: wrap((...a: Parameters<Catalog['ranges']>) => inner.ranges(...a)),
  };
}
