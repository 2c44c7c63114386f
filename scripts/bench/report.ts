/**
 * The benchmark's report as Markdown: one row per scenario, server and pass; the ratios to the peer with
 * the issue's targets (deep zoom CPU/tile ≤ 1.0× IIPImage and req/s ≥ 1.0×; thumbnails CPU ≤ 2×; odd
 * requests CPU ≤ 1.5×; a warm request ≤ 0.3 ms CPU; isolate memory under 100 MB); and our Server-Timing
 * breakdown, which says where the time goes when a target is missed.
 */
import type { PassResult, ScenarioResult } from './scenario';

export const OURS = 'ours';

const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const name = (s: ScenarioResult): string => `${s.workload} c=${s.concurrency}`;

function problems(p: PassResult): string {
  const errors = Object.values(p.summary.errors).reduce((a, b) => a + b, 0);
  return `${errors} / ${p.summary.badSize} / ${p.decoded.failed}`;
}

export function resultTable(results: readonly ScenarioResult[]): string {
  const rows = [
    '| scenario | server | pass | requests | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | CPU ms/MP | peak RSS MB (all processes) | worker workerd anon MB | R2 reads/req | passthrough | errors / bad size / bad decode |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of results) {
    for (const p of s.passes) {
      const m = p.summary;
      rows.push(`| ${name(s)} | ${p.label} | ${p.pass} | ${m.requests} | ${fmt(m.rps, 0)} | ${fmt(m.p50)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ` +
        `${fmt(m.cpuMsPerRequest, 2)} | ${fmt(m.cpuMsPerMp, 0)} | ${fmt(m.peakRssMb, 0)} | ${fmt(m.peakFocusRssMb, 0)} | ` +
        `${fmt(m.r2ReadsPerRequest, 2)} | ${m.passthroughShare === null ? '–' : `${(m.passthroughShare * 100).toFixed(0)} %`} | ${problems(p)} |`);
    }
  }
  return rows.join('\n');
}

interface Target {
  readonly label: string;
  readonly check: (ours: PassResult, peer: PassResult | undefined) => { value: string; met: boolean | null };
}

const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

function cpuRatioTarget(limit: number, aim?: number): Target {
  return {
    label: `CPU/req ≤ ${limit}×${aim ? ` (aim ${aim}×)` : ''}`,
    check: (o, p) => {
      const r = ratio(o.summary.cpuMsPerRequest, p?.summary.cpuMsPerRequest ?? null);
      return { value: `${fmt(r, 2)}×`, met: r === null ? null : r <= limit };
    },
  };
}

const rpsTarget: Target = {
  label: 'req/s ≥ 1.0×',
  check: (o, p) => {
    const r = ratio(o.summary.rps, p?.summary.rps ?? null);
    return { value: `${fmt(r, 2)}×`, met: r === null ? null : r >= 1 };
  },
};

const TARGETS: Readonly<Record<string, readonly Target[]>> = {
  deepzoom: [cpuRatioTarget(1, 0.5), rpsTarget],
  thumbs: [cpuRatioTarget(2)],
  odd: [cpuRatioTarget(1.5)],
};

const verdict = (met: boolean | null): string => (met === null ? 'n/a' : met ? 'met' : '**missed**');

export function targetTable(results: readonly ScenarioResult[], peer: string | null): string {
  const rows = ['| scenario | target | measured | verdict |', '|---|---|---|---|'];
  for (const s of results) {
    const cold = s.passes.find((p) => p.label === OURS && p.pass === 'cold');
    const warm = s.passes.find((p) => p.label === OURS && p.pass === 'warm');
    const peerCold = s.passes.find((p) => p.label === peer && p.pass === 'cold');
    if (!cold || !warm) continue;
    if (peer) {
      for (const t of TARGETS[s.workload] ?? []) {
        const c = t.check(cold, peerCold);
        rows.push(`| ${name(s)} cold | ${t.label} ${peer} | ${c.value} | ${verdict(c.met)} |`);
      }
    }
    const w = warm.summary.cpuMsPerRequest;
    const worker = warm.summary.cpuByProcess['workerd-worker'] ?? null;
    rows.push(`| ${name(s)} warm | CPU ≤ 0.3 ms/req (all processes; worker's workerd alone) | ${fmt(w, 2)} ms; ${fmt(worker, 2)} ms | ` +
      `${verdict(w === null ? null : w <= 0.3)} |`);
    const peak = Math.max(cold.summary.peakFocusRssMb ?? 0, warm.summary.peakFocusRssMb ?? 0);
    const growth = peak - (s.startupFocusMb[OURS] ?? 0);
    rows.push(`| ${name(s)} | memory < 100 MB: worker's workerd peak RSS (growth since start) | ${fmt(peak, 0)} MB (+${fmt(growth, 0)}) | ` +
      `${verdict(peak < 100)}${peak >= 100 && growth < 100 ? ' (growth under 100)' : ''} |`);
  }
  return rows.join('\n');
}

export function ratioTable(results: readonly ScenarioResult[], peer: string): string {
  const rows = ['| scenario | pass | req/s ÷ peer | p50 ÷ peer | CPU/req ÷ peer | median chunk time ÷ peer |', '|---|---|---|---|---|---|'];
  for (const s of results) {
    for (const pass of ['cold', 'warm'] as const) {
      const o = s.passes.find((p) => p.label === OURS && p.pass === pass);
      const p = s.passes.find((x) => x.label === peer && x.pass === pass);
      if (!o || !p) continue;
      rows.push(`| ${name(s)} | ${pass} | ${fmt(ratio(o.summary.rps, p.summary.rps), 2)} | ${fmt(ratio(o.summary.p50, p.summary.p50), 2)} | ` +
        `${fmt(ratio(o.summary.cpuMsPerRequest, p.summary.cpuMsPerRequest), 2)} | ${fmt(s.chunkTimeRatio[OURS]?.[pass], 2)} |`);
    }
  }
  return rows.join('\n');
}

/** Our Server-Timing steps (mean ms per request) and where the CPU went by process. */
export function breakdownTable(results: readonly ScenarioResult[]): string {
  const steps = ['r2', 'decode', 'stitch', 'resize', 'orient', 'quality', 'encode', 'total'];
  const rows = [
    `| scenario | pass | paths | ${steps.join(' | ')} | CPU ms/req by process | idle CPU ms/s |`,
    `|---|---|---|${steps.map(() => '---').join('|')}|---|---|`,
  ];
  for (const s of results) {
    for (const p of s.passes.filter((x) => x.label === OURS)) {
      const m = p.summary;
      const paths = Object.entries(m.paths).map(([k, v]) => `${k} ${v}`).join(', ') || '–';
      const cpu = Object.entries(m.cpuByProcess).filter(([, v]) => v >= 0.005).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      rows.push(`| ${name(s)} | ${p.pass} | ${paths} | ${steps.map((k) => fmt(m.meanStepMs[k], 2)).join(' | ')} | ${cpu} | ${fmt(s.idleCpuMsPerSecond[OURS], 1)} |`);
    }
    const floor = s.floorCpu[OURS];
    if (floor) {
      const cpu = Object.entries(floor).filter(([, v]) => v >= 0.005).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      rows.push(`| ${name(s)} | floor: GET /health | – | ${steps.map(() => '–').join(' | ')} | ${cpu} | – |`);
    }
  }
  return rows.join('\n');
}

export function problemList(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const s of results) {
    for (const p of s.passes) {
      for (const x of p.summary.problems) lines.push(`- ${name(s)} ${p.label} ${p.pass}: ${x}`);
      if (p.substituted > 0) lines.push(`- ${name(s)} ${p.label} ${p.pass}: ${p.substituted} png requests sent as jpg (no png output)`);
    }
  }
  return lines.join('\n');
}
