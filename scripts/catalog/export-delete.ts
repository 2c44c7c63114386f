/**
 * `catalog export` (every collection, then every object, as JSON Lines in the import's record shape, so
 * import(export(x)) changes nothing) and `catalog delete ID…` (objects and their pages in one transaction).
 */
import { exportCollection, exportRecord } from './catalog-object';
import { allCollections, allObjects, jsonChunks, storedHashes } from './catalog-read';
import { sql, type CatalogDb } from './db';

export async function exportCatalogue(db: CatalogDb, write: (line: string) => void | Promise<void>): Promise<{ objects: number; collections: number }> {
  const collections = await allCollections(db);
  for (const c of collections) await write(`${JSON.stringify(exportCollection(c))}\n`);
  let objects = 0;
  for await (const page of allObjects(db)) {
    for (const o of page) await write(`${JSON.stringify(exportRecord(o))}\n`);
    objects += page.length;
  }
  return { objects, collections: collections.length };
}

/** Deletes the objects that exist; returns the ids that did not. Their collections stay. */
export async function deleteObjects(db: CatalogDb, ids: readonly string[]): Promise<{ deleted: string[]; missing: string[] }> {
  const found = await storedHashes(db, ids);
  const deleted = ids.filter((id) => found.has(id));
  const statements = jsonChunks(deleted, db.maxPayloadBytes, db.payloadBytes).flatMap((chunk) => [
    sql('DELETE FROM canvases WHERE object IN (SELECT value FROM json_each(?1))', chunk),
    sql('DELETE FROM objects WHERE id IN (SELECT value FROM json_each(?1))', chunk),
  ]);
  await db.batch(statements);
  return { deleted, missing: ids.filter((id) => !found.has(id)) };
}
