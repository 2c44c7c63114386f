/**
 * The local D1 of a `wrangler dev` started by node-server.ts, from Node: migrations applied with wrangler
 * (`d1 migrations apply --local`, as npm start does), rows written through Miniflare's D1 on the same
 * persistence folder. A running server sees those rows at once, with no restart.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { runRows, type Statement } from './catalog-rows';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const wranglerBin = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
/** wrangler.toml's database_id for CATALOG: the local database's file is named from it. */
export const CATALOG_DATABASE_ID = '00000000-0000-4000-8000-000000000001';

export async function applyMigrations(persistTo: string): Promise<void> {
  await run(process.execPath, [wranglerBin, 'd1', 'migrations', 'apply', 'catalog', '--local', '--persist-to', persistTo], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
}

type D1 = Awaited<ReturnType<Miniflare['getD1Database']>>;

export interface LocalCatalog {
  readonly db: D1;
  run(statements: readonly Statement[]): Promise<void>;
  dispose(): Promise<void>;
}

export async function openLocalCatalog(persistTo: string): Promise<LocalCatalog> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
    compatibilityDate: '2026-04-26',
    d1Databases: { CATALOG: CATALOG_DATABASE_ID },
    d1Persist: join(persistTo, 'v3', 'd1'),
  });
  const db = await mf.getD1Database('CATALOG');
  return { db, run: (statements) => runRows(db as never, statements), dispose: () => mf.dispose() };
}
