/**
 * The load test's workload, pure: the kinds of request a public image service gets, how often each comes
 * (weights), the statuses each may answer, and a seeded schedule that interleaves them. The URL lists
 * are made by catalogue.ts from the server's own info.json; nothing here does I/O.
 */
import { mulberry32, shuffled, type Rng } from '../bench/prng';

export const KINDS = [
  'deepzoom', 'sizes', 'thumbs', 'odd', 'info', 'manifest', 'missing', 'hostile',
  'restricted-token', 'restricted-anon', 'restricted-denied', 'search',
] as const;
export type Kind = (typeof KINDS)[number];

/** One request as sent: method, path (with query) and headers. */
export interface LoadRequest {
  readonly kind: Kind;
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What each kind may answer. `hostile` are malformed or refused requests (bad parameters, traversal,
 * write and WebDAV methods, a 64 KB URL): a 4xx, never a 5xx; 414/431 are the HTTP server's own limits.
 * Restricted images answer 200 with an allowed token, 401 without a usable one, 403 for a known person
 * who is not allowed (docs/ACCESS.md).
 */
export const EXPECTED: Readonly<Record<Kind, readonly number[]>> = {
  deepzoom: [200],
  sizes: [200],
  thumbs: [200],
  odd: [200],
  info: [200],
  manifest: [200],
  missing: [404],
  hostile: [400, 404, 405, 414, 431],
  'restricted-token': [200],
  'restricted-anon': [401],
  'restricted-denied': [403],
  search: [200],
};

/**
 * Share of each kind per 100 requests: mostly a viewer's deep-zoom tiles, then thumbnails (lists),
 * info.json and listed sizes, and a steady trickle of everything else. `search` stays 0 until the
 * Content Search route exists: give it a weight and its URLs (catalogue.ts) then.
 */
export const DEFAULT_WEIGHTS: Readonly<Record<Kind, number>> = {
  deepzoom: 40,
  sizes: 8,
  thumbs: 14,
  odd: 8,
  info: 8,
  manifest: 3,
  missing: 4,
  hostile: 5,
  'restricted-token': 4,
  'restricted-anon': 3,
  'restricted-denied': 3,
  search: 0,
};

export function isExpected(kind: Kind, status: number): boolean {
  return EXPECTED[kind].includes(status);
}

/** A kind drawn by weight, then the next request of that kind (each kind cycles through its own list, shuffled once). */
export interface Schedule {
  next(): LoadRequest;
}

export function makeSchedule(catalogue: Readonly<Partial<Record<Kind, readonly LoadRequest[]>>>, weights: Readonly<Record<Kind, number>>, seed: number): Schedule {
  const rng: Rng = mulberry32(seed);
  const usable = KINDS.filter((k) => weights[k] > 0 && (catalogue[k]?.length ?? 0) > 0);
  const missing = KINDS.filter((k) => weights[k] > 0 && (catalogue[k]?.length ?? 0) === 0);
  if (missing.length > 0) throw new Error(`no requests for weighted kinds: ${missing.join(', ')}`);
  if (usable.length === 0) throw new Error('the workload is empty');
  const total = usable.reduce((s, k) => s + weights[k], 0);
  const lists = new Map(usable.map((k) => [k, shuffled(catalogue[k]!, rng)]));
  const cursor = new Map(usable.map((k) => [k, 0]));
  return {
    next(): LoadRequest {
      let r = rng() * total;
      let kind = usable[usable.length - 1]!;
      for (const k of usable) {
        r -= weights[k];
        if (r < 0) {
          kind = k;
          break;
        }
      }
      const list = lists.get(kind)!;
      const i = cursor.get(kind)!;
      cursor.set(kind, (i + 1) % list.length);
      return list[i]!;
    },
  };
}
