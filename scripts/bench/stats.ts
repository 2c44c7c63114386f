/**
 * Accounting of one pass (one workload, one server, cold or warm): what each response was and cost,
 * accumulated while requests run, then summarised into the figures the report prints.
 */
import type { MemoryPeaks } from './proc';
import type { ServerTiming } from './server-timing';

export interface PassStats {
  requests: number;
  ok: number;
  /** Status → count, for everything that was not 200. */
  readonly errors: Record<string, number>;
  badSize: number;
  bytes: number;
  outputPixels: number;
  readonly latencies: number[];
  wallMs: number;
  /** Server CPU ms by process name, charged only while this server's requests ran. */
  readonly cpuMs: Record<string, number>;
  /** Responses that carried Server-Timing, the paths they name, their R2 reads and step durations. */
  timed: number;
  readonly paths: Record<string, number>;
  r2Reads: number;
  readonly durations: Record<string, number>;
  readonly problems: string[];
  /** Bodies kept for a full decode after timing. */
  readonly samples: { url: string; body: Uint8Array; width: number; height: number }[];
}

export function newPassStats(): PassStats {
  return {
    requests: 0, ok: 0, errors: {}, badSize: 0, bytes: 0, outputPixels: 0, latencies: [], wallMs: 0, cpuMs: {},
    timed: 0, paths: {}, r2Reads: 0, durations: {}, problems: [], samples: [],
  };
}

export function addTiming(s: PassStats, t: ServerTiming): void {
  s.timed++;
  if (t.path !== null) s.paths[t.path] = (s.paths[t.path] ?? 0) + 1;
  s.r2Reads += t.r2Reads ?? 0;
  for (const [k, v] of Object.entries(t.durations)) s.durations[k] = (s.durations[k] ?? 0) + v;
}

export function addCpu(s: PassStats, spent: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(spent)) s.cpuMs[k] = (s.cpuMs[k] ?? 0) + v;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface PassSummary {
  readonly requests: number;
  readonly ok: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly badSize: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly meanKB: number;
  readonly cpuMsPerRequest: number | null;
  /** CPU ms per request by process name (ours: node, workerd…). */
  readonly cpuByProcess: Readonly<Record<string, number>>;
  /** CPU ms per output megapixel: compares work across different output sizes. */
  readonly cpuMsPerMp: number | null;
  readonly peakRssMb: number | null;
  /** Peak RSS of the focus processes (ours: the worker's workerd, an upper bound on the isolate). */
  readonly peakFocusRssMb: number | null;
  /** The focus processes' RSS when the pass began. */
  readonly startFocusRssMb: number | null;
  /** Server-Timing figures; null for a server that sends none. */
  readonly r2ReadsPerRequest: number | null;
  readonly passthroughShare: number | null;
  readonly paths: Readonly<Record<string, number>>;
  /** Mean ms per request of each Server-Timing step. */
  readonly meanStepMs: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

export function summarise(s: PassStats, memory: MemoryPeaks | null): PassSummary {
  const lat = s.latencies.slice().sort((a, b) => a - b);
  const cpu = Object.values(s.cpuMs).reduce((a, b) => a + b, 0);
  const hasCpu = Object.keys(s.cpuMs).length > 0;
  const n = s.requests || 1;
  return {
    requests: s.requests,
    ok: s.ok,
    errors: s.errors,
    badSize: s.badSize,
    rps: round(s.requests / (s.wallMs / 1000), 1),
    p50: round(percentile(lat, 50), 1),
    p95: round(percentile(lat, 95), 1),
    p99: round(percentile(lat, 99), 1),
    meanKB: round(s.bytes / 1000 / n, 1),
    cpuMsPerRequest: hasCpu ? round(cpu / n) : null,
    cpuByProcess: Object.fromEntries(Object.entries(s.cpuMs).map(([k, v]) => [k, round(v / n)])),
    cpuMsPerMp: hasCpu && s.outputPixels > 0 ? round(cpu / (s.outputPixels / 1e6), 1) : null,
    peakRssMb: memory ? round(memory.totalMb, 0) : null,
    peakFocusRssMb: memory && memory.focusMb > 0 ? round(memory.focusMb, 0) : null,
    startFocusRssMb: memory && memory.focusMb > 0 ? round(memory.focusStartMb, 0) : null,
    r2ReadsPerRequest: s.timed > 0 ? round(s.r2Reads / s.timed) : null,
    passthroughShare: s.timed > 0 ? round((s.paths['passthrough'] ?? 0) / s.timed, 3) : null,
    paths: s.paths,
    meanStepMs: s.timed > 0 ? Object.fromEntries(Object.entries(s.durations).map(([k, v]) => [k, round(v / s.timed)])) : {},
    problems: s.problems.slice(0, 8),
  };
}
