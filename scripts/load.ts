/**
 * `npm run load`: a mixed workload against the local server, as `npm start` runs it (wrangler dev on
 * 127.0.0.1, from a frozen copy of the Worker: bench/snapshot.ts, bench/ours.ts), at 64 connections for
 * 60 s, three times in a row against the same server. Reports per run: requests per second, latency
 * percentiles (overall and per kind), every status that kind may not answer (mix.ts EXPECTED; any makes
 * the exit code 1), the workerd processes' resident memory at the end and peak of each run, and the
 * isolate's own heap through its inspector (isolate-heap.ts), so a leak shows as growth from run to run. Images: the two samples `npm start` builds (6000×4000 chart, 2500×3500
 * page) and copies of the committed fixtures, in the local store under --data. Restricted collections run
 * with the development Access keys of .dev.vars.example (docs/ACCESS.md) and tokens from dev-token.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { seed, startOurs } from './bench/ours';
import { snapshotWorker } from './bench/snapshot';
import { checkLoopback } from './bench/target';
import { makeDevToken, readDotVars } from './dev-token';
import { parseLoadArgs, LoadUsageError, USAGE, type LoadOptions } from './load/args';
import { buildCatalogue } from './load/catalogue';
import { DEFAULT_WEIGHTS, makeSchedule, type Kind, type LoadRequest } from './load/mix';
import { isolateHeap } from './load/isolate-heap';
import { rssSampler, workerdBreakdown, workerdRssMb } from './load/memory';
import { send } from './load/send';
import { newTally, record, summarise, type RunSummary } from './load/tally';
import { buildSamples, missingSamples, sampleIds } from './samples';

const PROJECT = resolve(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const REQUEST_TIMEOUT_MS = 30_000;

/** Restricted and tiered folders for the run (the commented COLLECTIONS of .dev.vars.example). */
const COLLECTIONS = { default: 'open', collections: { 'private/': { policy: 'restricted', allow: { domains: ['example.org'] } } } };
const THUMB_COPIES = 40;

function machine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, node ${process.version}; load average ${load}`;
}

const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** A port p with p and p+1 (the inspector) free on 127.0.0.1, in 20000–60000. */
async function freePortPair(): Promise<number> {
  const free = (port: number) => new Promise<boolean>((ok) => {
    const s = net.createServer().once('error', () => ok(false)).listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
  for (let i = 0; i < 50; i++) {
    const p = 20000 + Math.floor(Math.random() * 40000);
    if ((await free(p)) && (await free(p + 1))) return p;
  }
  throw new Error('no free port pair found');
}

/** The images: samples built by the project's builder, fixture copies for thumbnails and the restricted image. */
async function ensureImages(dir: string): Promise<{ thumbIds: string[]; restrictedId: string }> {
  mkdirSync(dir, { recursive: true });
  const missing = await missingSamples(dir);
  if (missing.length > 0) {
    log(`building the samples into ${dir} (once): ${missing.join(', ')}`);
    if ((await buildSamples(dir)) > 0) throw new Error('building the samples failed');
  }
  const fixtures = ['chart-1000x700-t256-q90.tif', 'gray-600x900-t256.tif', 'vips-pyramid-999x701-jpeg.tif'].map((f) => join(PROJECT, 'test/fixtures', f));
  const thumbIds = Array.from({ length: THUMB_COPIES }, (_, i) => `load/thumb-${String(i).padStart(3, '0')}`);
  const restrictedId = 'private/chart';
  await seed(dir, [
    ...thumbIds.map((id, i) => ({ key: `${id}.tif`, file: fixtures[i % fixtures.length]! })),
    { key: `${restrictedId}.tif`, file: fixtures[0]! },
  ], log);
  return { thumbIds, restrictedId };
}

/** One run: `concurrency` loops send the schedule's next request until the deadline. */
type Rss = { startMb: number; peakMb: number; endMb: number; processes: string; heapMb: number | null; backingMb: number | null };
type Run = RunSummary & { rss: Rss };

async function runOnce(base: string, schedule: { next(): LoadRequest }, o: LoadOptions, server: { rootPid: number; processLabel: (pid: number, name: string) => string }, inspectorPort: number): Promise<Run> {
  const rootPid = server.rootPid;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const tally = newTally();
  const startMb = workerdRssMb(rootPid);
  const sampler = rssSampler(rootPid);
  const t0 = performance.now();
  const deadline = Date.now() + o.durationS * 1000;
  const loop = async () => {
    while (Date.now() < deadline) {
      const q = schedule.next();
      const r = await send(base, q, agent, REQUEST_TIMEOUT_MS);
      record(tally, q, r.status, r.ms, r.detail);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
  const wall = performance.now() - t0;
  agent.destroy();
  const { peakMb, endMb } = sampler.stop();
  const processes = workerdBreakdown(rootPid, server.processLabel).map((p) => `${p.label} ${p.anonMb} anon + ${p.fileMb} file`).join(', ');
  const heap = await isolateHeap(inspectorPort);
  return { ...summarise(tally, wall), rss: { startMb, peakMb, endMb, processes, heapMb: heap === null ? null : Number(heap.usedMb.toFixed(1)), backingMb: heap === null ? null : Number(heap.backingMb.toFixed(1)) } };
}

const mb = (v: number) => v.toFixed(0);

function report(o: LoadOptions, argv: readonly string[], runs: readonly Run[], before: string, after: string, worker: string, started: Date): string {
  const lines = [
    `# Load ${started.toISOString()}`,
    '',
    `Command: \`npm run load -- ${argv.join(' ')}\` (${o.runs} × ${o.durationS} s, ${o.concurrency} connections)`,
    `Machine: ${machine()}`,
    `uptime before: ${before}`,
    `uptime after:  ${after}`,
    `Worker: ${worker}`,
    '',
    '| run | requests | req/s | p50 ms | p95 ms | p99 ms | unexpected | workerd RSS start → end (peak) MB | isolate JS heap + ArrayBuffers, MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r, i) => `| ${i + 1} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.unexpected} | ${mb(r.rss.startMb)} → ${mb(r.rss.endMb)} (${mb(r.rss.peakMb)}) | ${r.rss.heapMb ?? '?'} + ${r.rss.backingMb ?? '?'} |`),
    '',
    '| kind (all runs) | requests | statuses | p50 ms | p95 ms | p99 ms | unexpected |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const kinds = new Map<string, { requests: number; unexpected: number; statuses: Record<string, number>; p: string[] }>();
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.byKind)) {
      const e = kinds.get(k) ?? { requests: 0, unexpected: 0, statuses: {}, p: [] };
      e.requests += v.requests;
      e.unexpected += v.unexpected;
      for (const [s, n] of Object.entries(v.statuses)) e.statuses[s] = (e.statuses[s] ?? 0) + n;
      e.p.push(`${v.p50}/${v.p95}/${v.p99}`);
      kinds.set(k, e);
    }
  }
  for (const [k, e] of kinds) {
    const statuses = Object.entries(e.statuses).map(([s, n]) => `${s}×${n}`).join(' ');
    const last = runs[runs.length - 1]!.byKind[k];
    lines.push(`| ${k} | ${e.requests} | ${statuses} | ${last?.p50 ?? '–'} | ${last?.p95 ?? '–'} | ${last?.p99 ?? '–'} | ${e.unexpected} |`);
  }
  lines.push('', '(per-kind percentiles from the last run)');
  const growth = runs.length > 1 ? runs[runs.length - 1]!.rss.endMb - runs[0]!.rss.endMb : 0;
  lines.push('', 'workerd processes at the end of each run (MB):', '', ...runs.map((r, i) => `- run ${i + 1}: ${r.rss.processes}`));
  lines.push('', `workerd RSS at the end of run 1 → run ${runs.length}: ${mb(runs[0]!.rss.endMb)} → ${mb(runs[runs.length - 1]!.rss.endMb)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB)`);
  const problems = runs.flatMap((r) => r.problems);
  if (problems.length > 0) lines.push('', '## Unexpected answers (first ones)', '', ...problems.slice(0, 20).map((p) => `- ${p}`));
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let o;
  try {
    o = parseLoadArgs(argv);
  } catch (err) {
    if (!(err instanceof LoadUsageError)) throw err;
    log(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = new Date();
  const dir = resolve(o.dataDir);
  const { thumbIds, restrictedId } = await ensureImages(dir);
  const worker = snapshotWorker(PROJECT, join(dir, 'worker'), o.worktree ? 'worktree' : 'head');
  // Development Access settings (public dev key, docs/ACCESS.md) plus a restricted folder, as .dev.vars of the copy.
  const dev = readDotVars(readFileSync(join(PROJECT, '.dev.vars.example'), 'utf8'));
  const vars = { ...dev, COLLECTIONS: JSON.stringify(COLLECTIONS) };
  writeFileSync(join(worker.dir, '.dev.vars'), Object.entries(vars).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n');
  const port = o.port ?? (await freePortPair());
  log(`starting the Worker (${worker.describe}) on 127.0.0.1:${port}`);
  const server = await startOurs(worker.dir, dir, port);
  const stopAll = () => server.stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping the server`);
      void stopAll().then(() => process.exit(130));
    });
  }
  try {
    checkLoopback(server.url);
    const token = (email: string) => makeDevToken({ email, teamDomain: dev['ACCESS_TEAM_DOMAIN']!, audience: dev['ACCESS_AUD']!, expires: '2h' });
    const catalogue = await buildCatalogue({
      zoomIds: sampleIds(),
      thumbIds,
      restrictedId,
      manifests: ['samples', sampleIds()[0]!, 'load'],
      allowedToken: await token('reader@example.org'),
      deniedToken: await token('visitor@other.example'),
      seed: o.seed,
    }, async (id) => {
      const res = await fetch(`${server.url}/iiif/3/${encodeURIComponent(id)}/info.json`);
      if (!res.ok) throw new Error(`info.json of ${id}: ${res.status}`);
      return (await res.json()) as never;
    });
    const counts = Object.entries(catalogue).map(([k, l]) => `${k} ${l.length}`).join(', ');
    log(`workload: ${counts} distinct requests; weights ${JSON.stringify(DEFAULT_WEIGHTS)}`);
    const before = uptime();
    const schedule = makeSchedule(catalogue as Record<Kind, LoadRequest[]>, DEFAULT_WEIGHTS, o.seed);
    const runs: Run[] = [];
    for (let i = 0; i < o.runs; i++) {
      log(`run ${i + 1}/${o.runs}: ${o.durationS} s at ${o.concurrency} connections`);
      const r = await runOnce(server.url, schedule, o, server, port + 1);
      log(`  ${r.requests} requests, ${r.rps} req/s, p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, ${r.unexpected} unexpected, workerd RSS ${mb(r.rss.endMb)} MB (peak ${mb(r.rss.peakMb)}): ${r.rss.processes}; isolate JS heap ${r.rss.heapMb ?? '?'} MB + ArrayBuffers ${r.rss.backingMb ?? '?'} MB`);
      runs.push(r);
    }
    const after = uptime();
    const md = report(o, argv, runs, before, after, worker.describe, started);
    const resultsDir = join(dir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const out = o.out ?? join(resultsDir, `load-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ started, argv, machine: machine(), before, after, worker: worker.describe, options: o, weights: DEFAULT_WEIGHTS, runs }, null, 1));
    process.stdout.write(`${md}\n\nraw figures: ${out}\n`);
    return runs.some((r) => r.unexpected > 0) ? 1 : 0;
  } finally {
    await stopAll();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`load: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
