/**
 * `npm run bench`: the performance benchmark (docs/ARCHITECTURE.md §6). Makes the images once (a 192 MP photographic
 * master and a page scan, built into pyramids by our builder), starts our server as `npm start` runs it
 * and, with `--peer iipsrv`, IIPImage on the same pyramid files; replays the deep-zoom, thumbnail and
 * odd workloads cold and then warm on loopback, interleaved across servers; prints a Markdown report
 * (docs/PERFORMANCE.md explains it) and writes it, with the raw figures as JSON, under `<data>/results`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseBenchArgs, BenchUsageError, USAGE, type BenchOptions } from './bench/args';
import { BASES, ensureData } from './bench/data';
import { startIipsrv, missingPeerTools } from './bench/iipsrv';
import { seed, startOurs } from './bench/ours';
import { runManifestBench } from './bench/manifest';
import { closeAgents } from './bench/replay';
import { breakdownTable, OURS, problemList, ratioTable, resultTable, targetTable } from './bench/report';
import { snapshotWorker } from './bench/snapshot';
import { runScenario, type ScenarioResult, type ServerHandle } from './bench/scenario';
import { checkLoopback, type Target } from './bench/target';

const PROJECT = resolve(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);

function ourHandle(workerDir: string, dir: string, port: number): ServerHandle {
  let stop: () => Promise<void> = async () => {};
  return {
    label: OURS,
    async start(): Promise<Target> {
      const s = await startOurs(workerDir, dir, port);
      stop = s.stop;
      const base = `${s.url}/iiif/3/`;
      checkLoopback(base);
      return {
        label: OURS, base, api: 3, idFor: (image) => image, formats: new Set(['jpg', 'png', 'webp']),
        pids: s.pids, processLabel: s.processLabel, memoryFocus: /^workerd-worker$/, floorUrl: `${s.url}/health`,
      };
    },
    stop: () => stop(),
  };
}

function peerHandle(iipDir: string, runDir: string, port: number): ServerHandle {
  let stop = () => {};
  return {
    label: 'iipsrv',
    async start(): Promise<Target> {
      const p = await startIipsrv({ port, dataDir: iipDir, runDir });
      stop = p.stop;
      checkLoopback(p.url);
      // IIPImage 1.1 speaks Image API 2 only and makes JPEG only; its identifiers are file names.
      return { label: 'iipsrv', base: p.url, api: 2, idFor: (image) => `${image}.tif`, formats: new Set(['jpg']), pids: p.pids, memoryFocus: null };
    },
    stop: async () => stop(),
  };
}

function machine(): string {
  const cpus = os.cpus();
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      return 'unknown';
    }
  };
  return [
    `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `node ${process.version}; workerd ${version(join(PROJECT, 'node_modules/@cloudflare/workerd-linux-64/bin/workerd'), ['--version'])}`,
    `IIPImage ${version('dpkg-query', ['-W', '-f', '${Version}', 'iipimage-server'])}, lighttpd ${version('dpkg-query', ['-W', '-f', '${Version}', 'lighttpd'])}`,
  ].join('; ');
}

function report(o: BenchOptions, argv: readonly string[], results: readonly ScenarioResult[], started: Date, machineLine: string, worker: string): string {
  const peer = o.peer;
  const parts = [
    `# Benchmark ${started.toISOString()}`,
    '',
    `Command: \`npm run bench -- ${argv.join(' ')}\``,
    `Machine: ${machineLine}; load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `Worker measured: ${worker}; Image API 3 for ours, 2 for IIPImage (its only version)`,
    '',
    '## Results', '', resultTable(results), '',
  ];
  if (peer) parts.push('## Ratios (ours ÷ IIPImage, same requests, interleaved)', '', ratioTable(results, peer), '');
  parts.push('## Targets', '', targetTable(results, peer), '', '## Our Server-Timing breakdown (mean ms per request)', '', breakdownTable(results), '');
  const p = problemList(results);
  if (p) parts.push('## Errors, wrong sizes, substitutions', '', p, '');
  return parts.join('\n');
}

/** `npm run bench -- --manifest [--worktree] [--data DIR] [--port N]`: the manifest scenario alone (bench/manifest.ts). */
async function manifestMain(argv: readonly string[]): Promise<number> {
  const rest = argv.filter((a) => a !== '--manifest' && a !== '--quick');
  const o = parseBenchArgs(rest);
  if (o === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = new Date();
  const machineLine = machine();
  const worker = snapshotWorker(PROJECT, join(o.dataDir, 'worker'), o.worktree ? 'worktree' : 'head');
  log(`our Worker: ${worker.describe}`);
  const quick = argv.includes('--quick');
  const table = await runManifestBench({ dataDir: o.dataDir, workerDir: worker.dir, port: o.port, warm: quick ? 30 : 200, coldStarts: quick ? 2 : 5, log });
  const md = [`# Manifest benchmark ${started.toISOString()}`, '', `Command: \`npm run bench -- ${argv.join(' ')}\``,
    `Machine: ${machineLine}; load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`, `Worker measured: ${worker.describe}`, '', table, ''].join('\n');
  const resultsDir = join(o.dataDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `bench-manifest-${started.toISOString().replace(/[:.]/g, '-')}.md`), md);
  process.stdout.write(`${md}\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--manifest')) return manifestMain(argv);
  let o;
  try {
    o = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    log(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (o.peer) {
    const missing = missingPeerTools();
    if (missing.length > 0) {
      log(missing.join('\n'));
      return 2;
    }
  }
  const started = new Date();
  const machineLine = machine();
  const data = await ensureData(o.dataDir, o.copiesPerBase, log);
  const oursDir = join(o.dataDir, 'ours');
  await seed(oursDir, [
    ...BASES.map((b) => ({ key: `${b}.tif`, file: data.pyramids[b] })),
    ...data.copies.map((c) => ({ key: `${c.id}.tif`, file: data.pyramids[c.base] })),
  ], log);
  const servers: ServerHandle[] = [];
  if (o.peer) servers.push(peerHandle(data.iipDir, join(o.dataDir, 'run'), o.port + 2));
  const worker = snapshotWorker(PROJECT, join(o.dataDir, 'worker'), o.worktree ? 'worktree' : 'head');
  log(`our Worker: ${worker.describe}`);
  servers.push(ourHandle(worker.dir, oursDir, o.port));
  // Interrupted: stop what this run started (each handle stops only its own processes), then leave.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping the servers`);
      void Promise.allSettled(servers.map((s) => s.stop())).then(() => process.exit(130));
    });
  }
  const results: ScenarioResult[] = [];
  for (const s of o.scenarios) {
    log(`scenario ${s.workload} c=${s.concurrency} (${servers.map((x) => x.label).join(', ')})`);
    results.push(await runScenario(servers, s, {
      deepzoomLimit: o.deepzoomLimit,
      oddCount: o.oddCount,
      thumbImages: data.copies,
      seed: o.seed,
      maxSecondsPerPass: o.maxSeconds,
      keepSamples: 20,
      log,
    }));
  }
  closeAgents();
  const md = report(o, argv, results, started, machineLine, worker.describe);
  const resultsDir = join(o.dataDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const jsonPath = o.out ?? join(resultsDir, `bench-${stamp}.json`);
  writeFileSync(jsonPath, JSON.stringify({ started, argv, machine: machineLine, worker: worker.describe, options: o, results }, null, 1));
  writeFileSync(join(resultsDir, `bench-${stamp}.md`), md);
  process.stdout.write(`${md}\nraw figures: ${jsonPath}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
