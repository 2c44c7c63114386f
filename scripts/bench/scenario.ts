/**
 * One scenario of the benchmark (a workload at a concurrency) across all servers: restart every server
 * (cold: new processes, empty caches), read info.json as a viewer would, build the same logical requests
 * for all, warm connections and JIT on requests outside the measured set, then replay the set in chunks
 * interleaved across servers (A,B then B,A…), so load from other work on the machine hits all servers
 * alike; each server still sees each URL once (the cold pass). Then the same URLs again (the warm pass:
 * what the servers' caches hold). The interleaving scheme comes from the peer benchmark
 * harness the project started from (not in this repository).
 */
import sharp from 'sharp';
import { cpuSnapshot, cpuSpent, memorySampler } from './proc';
import { replay, warm, get, agentFor } from './replay';
import type { ImageSize, LogicalRequest } from './requests';
import { newPassStats, summarise, type PassStats, type PassSummary } from './stats';
import { infoUrl, prepare, type PreparedRequest, type Target } from './target';
import { deepZoom, oddRequests, thumbnails, type TileInfo, type Workload, type WorkloadName } from './workloads';

/** A server the scenario can (re)start: cold for every scenario. */
export interface ServerHandle {
  readonly label: string;
  start(): Promise<Target>;
  stop(): Promise<void>;
}

export interface Scenario {
  readonly workload: WorkloadName;
  readonly concurrency: number;
}

export interface ScenarioOptions {
  readonly deepzoomLimit: number;
  readonly oddCount: number;
  /** Logical identifiers of the thumbnail set, each a copy of a base image. */
  readonly thumbImages: readonly { readonly id: string; readonly base: string }[];
  readonly seed: number;
  readonly maxSecondsPerPass: number;
  readonly keepSamples: number;
  readonly log: (s: string) => void;
}

export interface PassResult {
  readonly label: string;
  readonly pass: 'cold' | 'warm';
  readonly summary: PassSummary;
  readonly decoded: { readonly checked: number; readonly failed: number };
  /** Requests whose format this server cannot make, sent as jpg instead. */
  readonly substituted: number;
}

export interface ScenarioResult extends Scenario {
  readonly requests: number;
  readonly passes: readonly PassResult[];
  /** Background CPU of each server while idle (ms per second), measured before the passes. */
  readonly idleCpuMsPerSecond: Readonly<Record<string, number>>;
  /** RSS (MB) of each server's focus processes right after start, before any request. */
  readonly startupFocusMb: Readonly<Record<string, number>>;
  /** CPU ms per request of each server's floor URL (no I/O, no image work), by process. */
  readonly floorCpu: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Median of the per-chunk wall-time ratios to the first server (paired, so robust to noise). */
  readonly chunkTimeRatio: Readonly<Record<string, { cold: number; warm: number }>>;
}

async function fetchJson(t: Target, image: string): Promise<Record<string, unknown>> {
  const r = await get(infoUrl(t, image), agentFor(t, 1));
  if (r.status !== 200) throw new Error(`${t.label}: info.json of ${image}: HTTP ${r.status} ${new TextDecoder().decode(r.body.slice(0, 200))}`);
  return JSON.parse(new TextDecoder().decode(r.body)) as Record<string, unknown>;
}

function tileInfo(info: Record<string, unknown>): TileInfo {
  const tiles = (info['tiles'] as { width: number; height?: number; scaleFactors: number[] }[] | undefined)?.[0];
  if (!tiles) throw new Error('info.json has no tiles');
  return {
    width: Number(info['width']),
    height: Number(info['height']),
    tileWidth: tiles.width,
    tileHeight: tiles.height ?? tiles.width,
    scaleFactors: tiles.scaleFactors,
    sizes: (info['sizes'] as ImageSize[] | undefined) ?? [],
  };
}

/** The smallest maxArea (or maxWidth × maxHeight) any server declares (Image API 3.0 §5.3 / 2.1 §5.3). */
function declaredMaxArea(info: Record<string, unknown>): number {
  const profiles = [info, ...[info['profile']].flat().filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)];
  let area = Infinity;
  for (const p of profiles) {
    const w = Number(p['maxWidth'] ?? Infinity);
    area = Math.min(area, Number(p['maxArea'] ?? Infinity), w * Number(p['maxHeight'] ?? w));
  }
  return area;
}

function buildWorkload(s: Scenario, infos: Readonly<Record<string, Record<string, unknown>>>, maxArea: number, o: ScenarioOptions): Workload {
  if (s.workload === 'deepzoom') return deepZoom('master', tileInfo(infos['master']!), o.deepzoomLimit, o.seed);
  if (s.workload === 'thumbs') return thumbnails(o.thumbImages.map((t) => t.id), ['master', 'page'], o.seed);
  const sizes = Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, { width: Number(v['width']), height: Number(v['height']) }]));
  return oddRequests(sizes, { count: o.oddCount, seed: o.seed, maxSide: 1000, maxArea, png: true });
}

async function decodeCheck(stats: PassStats): Promise<{ checked: number; failed: number }> {
  let failed = 0;
  for (const s of stats.samples) {
    try {
      const { info } = await sharp(s.body).raw().toBuffer({ resolveWithObject: true });
      if (info.width !== s.width || info.height !== s.height) throw new Error(`decoded ${info.width}×${info.height}`);
    } catch (err) {
      failed++;
      stats.problems.push(`decode ${s.url}: ${(err as Error).message}`);
    }
  }
  return { checked: stats.samples.length, failed };
}

async function idleCpu(targets: readonly Target[], ms: number): Promise<Record<string, number>> {
  const before = targets.map((t) => cpuSnapshot(t.pids(), t.processLabel));
  await new Promise((r) => setTimeout(r, ms));
  return Object.fromEntries(targets.map((t, i) => {
    const spent = Object.values(cpuSpent(before[i]!, cpuSnapshot(t.pids(), t.processLabel))).reduce((a, b) => a + b, 0);
    return [t.label, Number(((spent * 1000) / ms).toFixed(1))];
  }));
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : Number(s[Math.floor((s.length - 1) / 2)]!.toFixed(3));
};

export async function runScenario(servers: readonly ServerHandle[], s: Scenario, o: ScenarioOptions): Promise<ScenarioResult> {
  const targets: Target[] = [];
  try {
    for (const h of servers) targets.push(await h.start());
    // Memory of the focus processes before any request: the base that requests add to.
    const startupFocusMb = Object.fromEntries(targets.filter((t) => t.memoryFocus)
      .map((t) => [t.label, Number(memorySampler(() => t.pids(), t.memoryFocus, t.processLabel).stop().focusMb.toFixed(0))]));
    // info.json first, as a viewer does; the thumbnail copies stay untouched (their size is their base's).
    const bases = s.workload === 'deepzoom' ? ['master'] : ['master', 'page'];
    const infos = await Promise.all(targets.map(async (t) => Object.fromEntries(await Promise.all(bases.map(async (b) => [b, await fetchJson(t, b)] as const)))));
    // Requests come from the last server's info.json (ours); the others must describe the same images.
    const reference = infos[infos.length - 1]!;
    for (const [i, t] of targets.entries()) {
      for (const b of bases) {
        const a = tileInfo(infos[i]![b]!);
        const r = tileInfo(reference[b]!);
        if (a.width !== r.width || a.height !== r.height || a.tileWidth !== r.tileWidth) {
          o.log(`  note: ${t.label} describes ${b} as ${a.width}×${a.height} tiles ${a.tileWidth}, reference ${r.width}×${r.height} tiles ${r.tileWidth}`);
        }
      }
    }
    const maxArea = Math.min(...infos.map((inf) => Math.min(...bases.map((b) => declaredMaxArea(inf[b]!)))));
    const workload = buildWorkload(s, reference, maxArea, o);
    const imageOf = (r: LogicalRequest): ImageSize => {
      const base = o.thumbImages.find((t) => t.id === r.image)?.base ?? r.image;
      return { width: Number(reference[base]!['width']), height: Number(reference[base]!['height']) };
    };
    const prepared = targets.map((t) => ({
      main: workload.main.map((r) => prepare(t, r, imageOf(r))),
      warmup: workload.warmup.slice(0, 10).map((r) => prepare(t, r, imageOf(r))),
    }));
    for (const [i, t] of targets.entries()) await warm(t, prepared[i]!.warmup);
    const idle = await idleCpu(targets, 2000);
    const floorCpu: Record<string, Record<string, number>> = {};
    for (const t of targets) {
      if (!t.floorUrl) continue;
      const st = newPassStats();
      const reqs = Array.from({ length: 200 }, () => ({ url: t.floorUrl!, expect: { width: 0, height: 0, tolerance: 0 }, substituted: false }));
      await replay(t, reqs, st, { concurrency: 1, keepSamples: 0, deadline: Date.now() + 60_000 });
      floorCpu[t.label] = Object.fromEntries(Object.entries(st.cpuMs).map(([k, v]) => [k, Number((v / st.requests).toFixed(3))]));
    }
    const passes: PassResult[] = [];
    const ratios: Record<string, { cold: number; warm: number }> = {};
    for (const pass of ['cold', 'warm'] as const) {
      const stats = targets.map(() => newPassStats());
      const samplers = targets.map((t) => memorySampler(() => t.pids(), t.memoryFocus, t.processLabel));
      const chunk = s.workload === 'thumbs' ? 25 : Math.max(50, 25 * s.concurrency);
      const chunkRatios: number[][] = targets.map(() => []);
      const deadline = Date.now() + o.maxSecondsPerPass * 1000 * targets.length;
      const n = workload.main.length;
      for (let start = 0, k = 0; start < n && Date.now() < deadline; start += chunk, k++) {
        const order = targets.map((_, i) => i);
        if (k % 2 === 1) order.reverse();
        const walls: number[] = [];
        for (const i of order) {
          const reqs: PreparedRequest[] = prepared[i]!.main.slice(start, start + chunk);
          walls[i] = await replay(targets[i]!, reqs, stats[i]!, { concurrency: s.concurrency, keepSamples: o.keepSamples, deadline });
        }
        for (let i = 1; i < targets.length; i++) chunkRatios[i]!.push(walls[i]! / walls[0]!);
        process.stderr.write(`\r  ${s.workload} c=${s.concurrency} ${pass}: ${Math.min(n, start + chunk)}/${n}   `);
      }
      process.stderr.write('\n');
      for (const [i, t] of targets.entries()) {
        const memory = samplers[i]!.stop();
        const decoded = await decodeCheck(stats[i]!);
        const substituted = prepared[i]!.main.slice(0, stats[i]!.requests).filter((q) => q.substituted).length;
        passes.push({ label: t.label, pass, summary: summarise(stats[i]!, memory), decoded, substituted });
        if (i > 0) ratios[t.label] = { ...(ratios[t.label] ?? { cold: NaN, warm: NaN }), [pass]: median(chunkRatios[i]!) };
      }
    }
    return { ...s, requests: workload.main.length, passes, idleCpuMsPerSecond: idle, startupFocusMb, floorCpu, chunkTimeRatio: ratios };
  } finally {
    for (const h of servers) await h.stop();
  }
}
