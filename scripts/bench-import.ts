/**
 * `npm run bench:import [-- N]`: catalogue import speed (docs/PERFORMANCE.md § Catalogue import). Generates N
 * records (default 100,000; 3 pages, a summary and two metadata pairs each) as JSON Lines and as CSV, imports
 * each into a fresh local D1 in a temporary folder (Miniflare, the path `--local` takes), and reports records
 * per second for the whole command: parse, validate, resolve images, plan, stage and commit. Then a re-import
 * (all unchanged) and an edit of 1% of the records. Node CPU is the importer's own CPU time (parse, validate,
 * plan; the SQLite work runs in workerd and is not in it): on a shared machine it shows what wall time hides.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from './catalog/db';
import { runImport } from './catalog/import';
import { openLocalCatalog } from './catalog/local-d1';
import { applyMigrations } from './catalog/migrate';
import { registerImages } from './pyramid/register';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 100_000);

const record = (i: number, edit = '') => ({
  id: `bench/box${Math.floor(i / 1000)}/item${i}`,
  label: `Item ${i}${edit}`,
  summary: `A generated record for the import benchmark, number ${i}.`,
  navDate: `${1400 + (i % 500)}-01-01`,
  rights: 'http://creativecommons.org/licenses/by/4.0/',
  metadata: [{ label: 'Shelfmark', value: `MS ${i}` }, { label: 'Date', value: `c. ${1400 + (i % 500)}` }],
  canvases: [`bench/img/${i % 1000}/a`, `bench/img/${i % 1000}/b`, `bench/img/${i % 1000}/c`],
});

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-'));
  try {
    const jsonl = join(dir, 'records.jsonl');
    await writeFile(jsonl, Array.from({ length: N }, (_, i) => JSON.stringify(record(i))).join('\n'));
    const csv = join(dir, 'records.csv');
    const rows = Array.from({ length: N }, (_, i) => {
      const r = record(i);
      return [r.id, r.label, r.summary, r.navDate, r.rights, r.canvases.join(';'), `MS ${i}`].map((v) => `"${v}"`).join(',');
    });
    await writeFile(csv, `id,label,summary,navDate,rights,images,Shelfmark\n${rows.join('\n')}\n`);
    const edited = join(dir, 'edited.jsonl');
    await writeFile(edited, Array.from({ length: N }, (_, i) => JSON.stringify(record(i, i % 100 === 0 ? ' (revised)' : ''))).join('\n'));
    console.log(`catalogue import benchmark: ${N.toLocaleString('en')} records; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const [name, file] of [['JSON Lines', jsonl], ['CSV', csv]] as const) {
      const db = await openLocalCatalog(PROJECT, { persistRoot: join(dir, name === 'CSV' ? 'csv' : 'jsonl') });
      try {
        await applyMigrations(db, join(PROJECT, 'migrations'));
        const images = Array.from({ length: 1000 }, (_, k) => ['a', 'b', 'c'].map((p) => `bench/img/${k}/${p}`)).flat();
        await registerImages(db, images.map((id) => ({ id, width: 2000, height: 3000, etag: 'e', sha256: 's', builtAt: '2026-01-01T00:00:00Z' })));
        const runs: [string, string][] = [[`${name}, empty catalogue`, file], [`${name}, re-import (unchanged)`, file]];
        if (name === 'JSON Lines') runs.push([`${name}, 1% edited`, edited]);
        for (const [label, f] of runs) {
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          const s = await runImport(db, { files: [f], language: 'en' });
          const seconds = (performance.now() - t0) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const nodeCpu = (cpu.user + cpu.system) / 1e6;
          if (s.problems.length > 0) throw new Error(`${label}: ${s.problems.length} problems, first: ${s.problems[0]!.reasons[0]}`);
          console.log(
            `  ${label.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(N / seconds).toLocaleString('en').padStart(8)} records/s  Node CPU ${nodeCpu.toFixed(1)} s  (created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged})`,
          );
        }
        const [{ n }] = (await db.query<{ n: number }>('SELECT count(*) AS n FROM canvases')) as [{ n: number }];
        if (n !== N * 3) throw new Error(`expected ${N * 3} canvases, found ${n}`);
        await db.batch([sql('SELECT 1')]);
      } finally {
        await db.close();
      }
    }
    console.log(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
