/**
 * `npm start`'s first step for the catalogue: applies migrations/ to the local D1 that wrangler dev will serve
 * (through Miniflare, about 2 s; `wrangler d1 migrations apply catalog --local` does the same in about 4 s and
 * agrees on what is applied: same d1_migrations table). Says something only when it applies a migration.
 */
import { join } from 'node:path';
import { openLocalCatalog } from './local-d1';
import { applyMigrations } from './migrate';

export async function migrateLocalCatalogue(projectDir: string, persistRoot?: string): Promise<string[]> {
  const db = await openLocalCatalog(projectDir, persistRoot ? { persistRoot } : {});
  try {
    const applied = await applyMigrations(db, join(projectDir, 'migrations'));
    if (applied.length > 0) console.log(`catalogue: applied ${applied.join(', ')} to the local D1`);
    return applied;
  } finally {
    await db.close();
  }
}
