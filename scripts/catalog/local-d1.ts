/**
 * The local D1 catalogue that `npm start` (wrangler dev) serves: database `catalog` (binding CATALOG in
 * wrangler.toml) persisted under `.wrangler/state/v3/d1`, named by its database_id. Opened through Miniflare
 * with the same persistence, so a running `wrangler dev` sees every committed batch at once (both open the
 * same SQLite file); the same way scripts/local-r2.ts opens the local R2 store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { localPersistRoot } from '../local-r2';
import type { CatalogDb, SqlValue } from './db';

/** The CATALOG binding's database_id in wrangler.toml (the local file is named from it). */
export function catalogDatabaseId(wranglerToml: string): string {
  for (const block of wranglerToml.split(/^\s*\[\[d1_databases\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\s*\[/m)[0]!;
    if (/^\s*binding\s*=\s*"CATALOG"\s*$/m.test(body)) {
      const id = /^\s*database_id\s*=\s*"([^"]+)"\s*$/m.exec(body);
      if (id) return id[1]!;
    }
  }
  throw new Error('wrangler.toml has no [[d1_databases]] entry with binding = "CATALOG" and a database_id');
}

export interface LocalCatalogOptions {
  /** Folder holding wrangler's `d1` state; default the project's `.wrangler/state/v3`. */
  readonly persistRoot?: string;
}

export async function openLocalCatalog(projectDir: string, options: LocalCatalogOptions = {}): Promise<CatalogDb> {
  const databaseId = catalogDatabaseId(readFileSync(join(projectDir, 'wrangler.toml'), 'utf8'));
  const persistRoot = options.persistRoot ?? localPersistRoot(projectDir);
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) };',
    compatibilityDate: '2026-04-26',
    d1Databases: { CATALOG: databaseId },
    d1Persist: join(persistRoot, 'd1'),
    cf: false,
  });
  const db = await mf.getD1Database('CATALOG');
  const prepare = (text: string, params: readonly SqlValue[]) => (params.length > 0 ? db.prepare(text).bind(...params) : db.prepare(text));
  return {
    where: `local D1 catalog (${join(persistRoot, 'd1')})`,
    // Bound parameters: D1 takes strings up to 2 MB; 1 MB keeps every batch request small.
    maxPayloadBytes: 1_000_000,
    payloadBytes: (json) => Buffer.byteLength(json),
    async query<T>(text: string, params: readonly SqlValue[] = []) {
      return (await prepare(text, params).all<T>()).results;
    },
    async batch(statements) {
      if (statements.length > 0) await db.batch(statements.map((s) => prepare(s.sql, s.params)));
    },
    close: () => mf.dispose(),
  };
}
