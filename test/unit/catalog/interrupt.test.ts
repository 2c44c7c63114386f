/**
 * Interrupting a real `npm run catalog -- import` process half-way (SIGTERM, then SIGKILL) leaves the local
 * D1 exactly as it was: the import stages in batches and commits in one. The file is large enough to need
 * several staging batches (about 16 MB); the process is killed after it reports its first staged batch.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../../scripts/catalog/db';
import { PROJECT, tempCatalog, type TempCatalog } from '../../helpers/temp-catalog';

let t: TempCatalog;
let bigFile: string;
let before: string;

async function snapshot(): Promise<string> {
  const tables = ['objects ORDER BY id', 'canvases ORDER BY object, position', 'collections ORDER BY name'];
  return JSON.stringify(await Promise.all(tables.map((q) => t.db.query(`SELECT * FROM ${q}`))));
}

beforeAll(async () => {
  t = await tempCatalog();
  await t.registerImages(['p/1', 'p/2', 'p/3']);
  // What is there before: 50 objects, which the big import would update.
  await t.db.batch([
    sql(`INSERT INTO collections (name, parent, label, summary, updated_at) VALUES ('big', NULL, '{"none":["big"]}', NULL, 't0')`),
    ...Array.from({ length: 50 }, (_, i) =>
      sql(`INSERT INTO objects (id, collection, sort_key, label, thumbnail, record, hash, updated_at) VALUES (?1, 'big', ?1, '{"none":["old"]}', 'p/1', '{}', 'old', 't0')`, `big/${i}`),
    ),
  ]);
  before = await snapshot();
  const lines = Array.from({ length: 25_000 }, (_, i) =>
    JSON.stringify({ id: `big/${i}`, label: `Object ${i}`, summary: 's'.repeat(400), metadata: [{ label: 'n', value: String(i) }], canvases: ['p/1', 'p/2', 'p/3'] }),
  );
  bigFile = await t.file('big.jsonl', lines.join('\n'));
}, 120_000);
afterAll(() => t.close());

/** Runs the import, sends `signal` once it has staged its first batch; returns its exit code and output. */
function importAndKill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stagedBeforeKill: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'scripts/catalog.ts'), 'import', bigFile, '--local', '--persist-to', t.persistTo], {
      cwd: PROJECT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so SIGKILL can take workerd with it
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // node --import tsx, not the tsx CLI: the signal reaches the importer itself, not a relaying parent.
      if (!sent && /staged \d+\/\d+ statements/.test(stderr)) {
        sent = true;
        if (signal === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL');
        else child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr, stagedBeforeKill: sent }));
  });
}

describe('an import killed half-way', () => {
  it('SIGTERM: stops before the commit, exits 130, the catalogue is as before', async () => {
    const r = await importAndKill('SIGTERM');
    expect(r.stagedBeforeKill).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/import interrupted before its commit: the catalogue is unchanged/);
    expect(await snapshot()).toBe(before);
    expect(await t.db.query("SELECT name FROM sqlite_master WHERE name LIKE '\\_import\\_%' ESCAPE '\\'")).toEqual([]);
  }, 120_000);

  it('SIGKILL: nothing can clean up, yet the catalogue is as before (staging tables are left for later)', async () => {
    const r = await importAndKill('SIGKILL');
    expect(r.stagedBeforeKill).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(await snapshot()).toBe(before);
    const left = await t.db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE '\\_import\\_%' ESCAPE '\\'");
    expect(left.length).toBeGreaterThan(0);
  }, 120_000);
});
