/**
 * Accounting of one load run, pure: per kind, the statuses seen, the unexpected ones (with a few examples),
 * latencies; then the run's summary with nearest-rank percentiles (bench/stats.ts) and requests per second.
 */
import { percentile } from '../bench/stats';
import { isExpected, KINDS, type Kind, type LoadRequest } from './mix';

export interface KindTally {
  requests: number;
  unexpected: number;
  readonly statuses: Record<string, number>;
  readonly latencies: number[];
}

export interface Tally {
  readonly kinds: Record<Kind, KindTally>;
  /** Up to 20 unexpected answers: `status method path: body start`. */
  readonly problems: string[];
}

export function newTally(): Tally {
  return {
    kinds: Object.fromEntries(KINDS.map((k) => [k, { requests: 0, unexpected: 0, statuses: {}, latencies: [] }])) as unknown as Record<Kind, KindTally>,
    problems: [],
  };
}

/** Status 0 stands for no HTTP answer (connection error or timeout); it is never expected. */
export function record(t: Tally, q: LoadRequest, status: number, ms: number, detail = ''): void {
  const k = t.kinds[q.kind];
  k.requests++;
  k.statuses[status] = (k.statuses[status] ?? 0) + 1;
  k.latencies.push(ms);
  if (!isExpected(q.kind, status)) {
    k.unexpected++;
    if (t.problems.length < 20) t.problems.push(`${status} ${q.method} ${q.path.slice(0, 160)}: ${detail.slice(0, 160)}`);
  }
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function percentiles(latencies: readonly number[]): Percentiles {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const at = (p: number) => Number(percentile(sorted, p).toFixed(1));
  return { p50: at(50), p95: at(95), p99: at(99) };
}

export interface RunSummary extends Percentiles {
  readonly requests: number;
  readonly unexpected: number;
  readonly rps: number;
  readonly byKind: Readonly<Record<string, Percentiles & { requests: number; unexpected: number; statuses: Record<string, number> }>>;
  readonly problems: readonly string[];
}

export function summarise(t: Tally, wallMs: number): RunSummary {
  const used = KINDS.filter((k) => t.kinds[k].requests > 0);
  const all = used.flatMap((k) => t.kinds[k].latencies);
  const requests = all.length;
  return {
    requests,
    unexpected: used.reduce((s, k) => s + t.kinds[k].unexpected, 0),
    rps: Number((requests / (wallMs / 1000)).toFixed(1)),
    ...percentiles(all),
    byKind: Object.fromEntries(used.map((k) => {
      const kt = t.kinds[k];
      return [k, { requests: kt.requests, unexpected: kt.unexpected, statuses: kt.statuses, ...percentiles(kt.latencies) }];
    })),
    problems: t.problems,
  };
}
