/**
 * What `build-pyramid` does with the catalogue after building (docs/CATALOGUE.md § Images): `--local`
 * registers into the local D1 that `npm start` serves, `--r2` into the remote one (wrangler), `--out`
 * registers nowhere. With `--object`, the folder's record is then imported (object-folder.ts).
 */
import { join } from 'node:path';
import type { CatalogDb } from '../catalog/db';
import { formatSummary, runImport } from '../catalog/import';
import { applyMigrations } from '../catalog/migrate';
import { where } from '../catalog/read-input';
import type { CliOptions } from './cli-args';
import type { Destination } from './destinations';
import { objectIdFor, objectRecordEntry } from './object-folder';
import { readImageFacts, registerImages } from './register';
import type { InputResult } from './results';

/** The prefix the images are built under: with --object, the object's id and a slash. */
export function buildPrefix(o: CliOptions): string {
  return o.object ? `${objectIdFor(o.inputs[0]!, o.prefix)}/` : o.prefix;
}

export async function openCatalogueFor(o: CliOptions, project: string): Promise<CatalogDb | null> {
  if (o.destination.kind === 'folder') return null;
  if (o.destination.kind === 'r2') {
    const { wranglerCatalog } = await import('../catalog/wrangler-d1');
    return wranglerCatalog({ wranglerJs: join(project, 'node_modules/wrangler/bin/wrangler.js'), projectDir: project });
  }
  const { openLocalCatalog } = await import('../catalog/local-d1');
  const db = await openLocalCatalog(project, o.catalogPersistTo ? { persistRoot: join(o.catalogPersistTo, 'v3') } : {});
  await applyMigrations(db, join(project, 'migrations'));
  return db;
}

/** Registers the images built (or up to date) and, with --object, imports the object. Returns problems found. */
export async function catalogueStep(
  o: CliOptions,
  project: string,
  destination: Destination,
  results: readonly InputResult[],
  log: (line: string) => void,
): Promise<number> {
  const db = await openCatalogueFor(o, project);
  if (!db) {
    if (o.object) log('--object with --out: nothing registered (use --local or --r2 to catalogue the object)');
    return 0;
  }
  try {
    const { facts, unread } = await readImageFacts(results, destination);
    await registerImages(db, facts);
    log(`registered ${facts.length} image${facts.length === 1 ? '' : 's'} in ${db.where}`);
    for (const id of unread) log(`not registered: ${id} (its stored file could not be read back from ${destination.where(id)})`);
    if (!o.object) return unread.length;
    const folder = o.inputs[0]!;
    const entry = await objectRecordEntry(folder, objectIdFor(folder, o.prefix), results);
    const summary = await runImport(db, { files: [], entries: [entry], language: o.language });
    for (const p of summary.problems) for (const reason of p.reasons) log(`${where(p.at)}: ${reason}`);
    log(formatSummary(summary, db.where, false));
    return unread.length + summary.problems.length;
  } finally {
    await db.close();
  }
}
