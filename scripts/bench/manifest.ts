/**
 * The manifest scenario of `npm run bench -- --manifest` (docs/PERFORMANCE.md, "Manifests from the catalogue"):
 * a generated 1,000-canvas object and a collection of 100,000 records in the local D1 of `wrangler dev` (as
 * npm start runs it, from a frozen copy of the Worker), then, on loopback:
 * - cold: the first manifest request after each fresh start (new isolate, D1 not yet opened);
 * - warm: sequential requests of the 1,000-canvas manifest, latency and the Worker's CPU per manifest, read two
 *   ways: the `build` step of its Server-Timing (the Worker's own work: build + serialise) and the CPU time of
 *   the workerd process that runs it (/proc; locally that process also runs D1's SQLite, so it is an upper bound);
 * - the peer: the same manifest bytes served as a static file by the same server (what pre-generated manifests
 *   would cost), interleaved with ours;
 * - the 100,000-record collection's first page (split into ranges) and one range.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { manyObjects, imageRow, objectRows, runRows, text } from '../../test/helpers/catalog-rows';
import { startOurs, persistFolder, type OurServer } from './ours';
import { cpuSnapshot, cpuSpent } from './proc';

const DATABASE_ID = '00000000-0000-4000-8000-000000000001';
const CANVASES = 1000;
const RECORDS = 100_000;
const BOOK = 'bench/book';
const COLLECTION = 'bench-records';

export interface ManifestBenchOptions {
  readonly dataDir: string;
  readonly workerDir: string;
  readonly port: number;
  readonly warm: number;
  readonly coldStarts: number;
  readonly log: (s: string) => void;
}

interface Series {
  readonly ms: number[];
  readonly build: number[];
  readonly catalogue: number[];
}

const series = (): Series => ({ ms: [], build: [], catalogue: [] });
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const step = (header: string | null, name: string) => Number(new RegExp(`(?:^|, )${name};dur=([0-9.]+)`).exec(header ?? '')?.[1] ?? NaN);

async function timed(url: string, into: Series): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  into.ms.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${new TextDecoder().decode(body).slice(0, 200)}`);
  const st = res.headers.get('Server-Timing');
  into.build.push(step(st, 'build'));
  into.catalogue.push(step(st, 'catalogue'));
  return body.byteLength;
}

/** Generated rows: the book's pages and record, and RECORDS objects in one collection (5,000 per statement). */
async function generate(persistTo: string, log: (s: string) => void): Promise<number> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
    compatibilityDate: '2026-04-26',
    d1Databases: { CATALOG: DATABASE_ID },
    d1Persist: join(persistTo, 'v3', 'd1'),
  });
  try {
    const db = (await mf.getD1Database('CATALOG')) as never;
    const pages = Array.from({ length: CANVASES }, (_, i) => `${BOOK}/${String(i + 1).padStart(4, '0')}`);
    for (let i = 0; i < pages.length; i += 500) {
      await runRows(db, pages.slice(i, i + 500).map((id) => imageRow({ id, width: 4000, height: 6000, etag: `etag-${id}` })));
    }
    await runRows(db, objectRows({
      id: BOOK,
      collection: 'bench',
      label: { en: ['A generated book of a thousand pages'] },
      record: {
        summary: { en: ['Generated for the benchmark.'] },
        metadata: [{ label: { en: ['Date'] }, value: { none: ['1450'] } }],
        rights: 'http://creativecommons.org/licenses/by/4.0/',
        structures: Array.from({ length: 10 }, (_, k) => ({ label: text(`Part ${k + 1}`), items: Array.from({ length: 100 }, (_, j) => k * 100 + j + 1) })),
      },
      canvases: pages.map((image, i) => ({ image, label: text(`f. ${i + 1}`) })),
    }));
    const t0 = performance.now();
    for (let i = 0; i < RECORDS; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, RECORDS - i) }, (_, k) => [`${COLLECTION}/${i + k + 1}`, COLLECTION, pages[(i + k) % CANVASES]!] as const);
      await runRows(db, [manyObjects(rows)]);
    }
    const ms = performance.now() - t0;
    log(`generated ${CANVASES} pages and ${RECORDS} records (${Math.round(RECORDS / (ms / 1000))} records/s through Miniflare)`);
    return ms;
  } finally {
    await mf.dispose();
  }
}

export async function runManifestBench(o: ManifestBenchOptions): Promise<string> {
  const dir = join(o.dataDir, 'manifest');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const persistTo = persistFolder(dir);
  execFileSync(process.execPath, [join(o.workerDir, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'migrations', 'apply', 'catalog', '--local', '--persist-to', persistTo], {
    cwd: o.workerDir,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    stdio: 'ignore',
  });
  await generate(persistTo, o.log);

  const path = `/iiif/manifest/${encodeURIComponent(BOOK)}`;
  const cold = series();
  let server: OurServer | null = null;
  let bytes = 0;
  try {
    for (let i = 0; i < o.coldStarts; i++) {
      server = await startOurs(o.workerDir, dir, o.port);
      bytes = await timed(`${server.url}${path}`, cold);
      if (i === 0) {
        // The peer: the same bytes as a static asset of the same server (next start picks it up).
        const body = await (await fetch(`${server.url}${path}`)).text();
        mkdirSync(join(o.workerDir, 'public', 'bench'), { recursive: true });
        writeFileSync(join(o.workerDir, 'public', 'bench', 'book.json'), body);
      }
      if (i < o.coldStarts - 1) {
        await server.stop();
        server = null;
      }
    }
    server ??= await startOurs(o.workerDir, dir, o.port);
    const url = server.url;
    o.log(`cold: ${cold.ms.map((m) => m.toFixed(0)).join(', ')} ms; warming up`);
    const warm = series();
    const stat = series();
    for (let i = 0; i < 10; i++) await timed(`${url}${path}`, series());
    const pids = server.pids();
    const label = server.processLabel;
    const before = cpuSnapshot(pids, label);
    for (let i = 0; i < o.warm; i++) await timed(`${url}${path}`, warm);
    const spent = cpuSpent(before, cpuSnapshot(pids, label));
    for (let i = 0; i < o.warm; i++) {
      await timed(`${url}/bench/book.json`, stat);
      await timed(`${url}${path}`, series());
    }
    const coll = series();
    const range = series();
    const top = `${url}/iiif/collection/${COLLECTION}`;
    const first = (await (await fetch(top)).json()) as { items: { id: string }[] };
    const rangeUrl = first.items[Math.floor(first.items.length / 2)]!.id.replace(/^https?:\/\/[^/]+/, url);
    for (let i = 0; i < 20; i++) {
      await timed(top, coll);
      await timed(rangeUrl, range);
    }
    const perManifest = (spent['workerd-worker'] ?? NaN) / o.warm;
    const row = (name: string, s: Series) =>
      `| ${name} | ${s.ms.length} | ${pct(s.ms, 50).toFixed(1)} | ${pct(s.ms, 95).toFixed(1)} | ${isNaN(mean(s.catalogue)) ? '–' : mean(s.catalogue).toFixed(1)} | ${isNaN(mean(s.build)) ? '–' : mean(s.build).toFixed(1)} |`;
    return [
      `### Manifests from the catalogue (${CANVASES}-canvas object, ${RECORDS.toLocaleString('en')}-record collection)`,
      '',
      `Manifest: ${(bytes / 1024).toFixed(0)} KiB of JSON. Collection: ${first.items.length} range items on its first page.`,
      '',
      '| request | n | p50 ms | p95 ms | Server-Timing catalogue ms (mean) | build ms (mean) |',
      '| --- | --- | --- | --- | --- | --- |',
      row('manifest, cold (first request after a fresh start)', cold),
      row('manifest, warm', warm),
      row('same bytes as a static asset (peer), warm', stat),
      row(`collection, first page (${RECORDS.toLocaleString('en')} records → ranges)`, coll),
      row('collection, one range of 1,000', range),
      '',
      `Warm manifest ÷ static asset (p50): ${(pct(warm.ms, 50) / pct(stat.ms, 50)).toFixed(2)}×.`,
      `Worker CPU per manifest: build step ${mean(warm.build).toFixed(1)} ms (Server-Timing, mean); workerd process (Worker + local D1) ${perManifest.toFixed(1)} ms per request over ${o.warm} requests (/proc).`,
    ].join('\n');
  } finally {
    await server?.stop();
  }
}
