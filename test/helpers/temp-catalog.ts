/**
 * A fresh local D1 catalogue in a temporary folder for unit tests: the real SQLite of workerd through
 * Miniflare (scripts/catalog/local-d1.ts), with migrations/ applied, and images registered as the builder
 * would register them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CatalogDb } from '../../scripts/catalog/db';
import { sql } from '../../scripts/catalog/db';
import { openLocalCatalog } from '../../scripts/catalog/local-d1';
import { applyMigrations } from '../../scripts/catalog/migrate';

export const PROJECT = resolve(import.meta.dirname, '../..');

export interface TempCatalog {
  readonly db: CatalogDb;
  /** The folder to pass as --persist-to (to this CLI or wrangler: the state is in its v3/). */
  readonly persistTo: string;
  readonly dir: string;
  /** Writes a file into the temporary folder and returns its path. */
  file(name: string, text: string): Promise<string>;
  registerImages(ids: readonly string[], size?: { width: number; height: number }): Promise<void>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export async function tempCatalog(): Promise<TempCatalog> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-test-'));
  const persistTo = join(dir, 'state');
  const db = await openLocalCatalog(PROJECT, { persistRoot: join(persistTo, 'v3') });
  await applyMigrations(db, join(PROJECT, 'migrations'));
  return {
    db,
    persistTo,
    dir,
    async file(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    async registerImages(ids, size = { width: 1000, height: 1500 }) {
      await db.batch(
        ids.map((id) =>
          sql(
            'INSERT OR REPLACE INTO images (id, width, height, etag, sha256, built_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
            id,
            size.width,
            size.height,
            `etag-${id}`,
            'a'.repeat(64),
            '2026-01-01T00:00:00Z',
          ),
        ),
      );
    },
    async count(table) {
      return (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
    },
    async close() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
