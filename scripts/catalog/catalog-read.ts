/**
 * The reads the catalogue commands make, each answered from a primary key or an index
 * (migrations/0001_catalog.sql), with id lists sent as one JSON parameter (`json_each`) in chunks that fit
 * the path's statement limit.
 */
import { compareNatural } from '../../src/catalog/natural-order';
import type { LanguageMap, StoredRecord } from '../../src/catalog/record';
import type { CatalogCollection, CatalogObject } from './catalog-object';
import type { CatalogDb } from './db';

/** Splits values into JSON arrays of at most `maxBytes` each. */
export function jsonChunks<T>(values: readonly T[], maxBytes: number, measure: (json: string) => number = (s) => Buffer.byteLength(s)): string[] {
  const out: string[] = [];
  let chunk: string[] = [];
  let size = 2;
  for (const v of values) {
    const s = JSON.stringify(v);
    const n = measure(s);
    if (chunk.length > 0 && size + n + 1 > maxBytes) {
      out.push(`[${chunk.join(',')}]`);
      chunk = [];
      size = 2;
    }
    chunk.push(s);
    size += n + 1;
  }
  if (chunk.length > 0) out.push(`[${chunk.join(',')}]`);
  return out;
}

async function inChunks<R>(db: CatalogDb, ids: readonly string[], query: string): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of jsonChunks([...new Set(ids)], db.maxPayloadBytes, db.payloadBytes)) out.push(...(await db.query<R>(query, [chunk])));
  return out;
}

export async function knownImages(db: CatalogDb, ids: readonly string[]): Promise<Set<string>> {
  const rows = await inChunks<{ id: string }>(db, ids, 'SELECT id FROM images WHERE id IN (SELECT value FROM json_each(?1))');
  return new Set(rows.map((r) => r.id));
}

/** Every registered image whose id starts with `prefix` (a key range on the primary key), in natural order. */
export async function imagesUnder(db: CatalogDb, prefix: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM images WHERE id >= ?1 AND id < ?1 || char(1114111)', [prefix]);
  return rows.map((r) => r.id).sort(compareNatural);
}

export async function storedHashes(db: CatalogDb, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks<{ id: string; hash: string }>(db, ids, 'SELECT id, hash FROM objects WHERE id IN (SELECT value FROM json_each(?1))');
  return new Map(rows.map((r) => [r.id, r.hash]));
}

interface ObjectRowRaw {
  id: string;
  collection: string;
  label: string;
  thumbnail: string | null;
  record: string;
}

interface CanvasRowRaw {
  object: string;
  position: number;
  image: string;
  label: string | null;
}

async function withCanvases(db: CatalogDb, rows: readonly ObjectRowRaw[]): Promise<CatalogObject[]> {
  const canvases = await inChunks<CanvasRowRaw>(
    db,
    rows.map((r) => r.id),
    'SELECT object, position, image, label FROM canvases WHERE object IN (SELECT value FROM json_each(?1)) ORDER BY object, position',
  );
  const byObject = new Map<string, CanvasRowRaw[]>();
  for (const c of canvases) byObject.set(c.object, [...(byObject.get(c.object) ?? []), c]);
  return rows.map((r) => {
    const pages = (byObject.get(r.id) ?? []).sort((a, b) => a.position - b.position);
    return {
      id: r.id,
      collection: r.collection,
      label: JSON.parse(r.label) as LanguageMap,
      thumbnail: r.thumbnail ?? pages[0]?.image ?? '',
      canvases: pages.map((c) => ({ image: c.image, label: c.label === null ? null : (JSON.parse(c.label) as LanguageMap) })),
      record: JSON.parse(r.record) as StoredRecord,
    };
  });
}

const OBJECT_COLUMNS = 'id, collection, label, thumbnail, record';

export async function readObjects(db: CatalogDb, ids: readonly string[]): Promise<CatalogObject[]> {
  return withCanvases(db, await inChunks<ObjectRowRaw>(db, ids, `SELECT ${OBJECT_COLUMNS} FROM objects WHERE id IN (SELECT value FROM json_each(?1))`));
}

/** Every object, by id, a page at a time (keyset on the primary key): export never holds the whole catalogue. */
export async function* allObjects(db: CatalogDb, pageSize = 500): AsyncGenerator<CatalogObject[]> {
  let after = '';
  for (;;) {
    const rows = await db.query<ObjectRowRaw>(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE id > ?1 ORDER BY id LIMIT ?2`, [after, pageSize]);
    if (rows.length === 0) return;
    yield await withCanvases(db, rows);
    after = rows[rows.length - 1]!.id;
  }
}

export async function allCollections(db: CatalogDb): Promise<(CatalogCollection & { parent: string | null })[]> {
  const rows = await db.query<{ name: string; parent: string | null; label: string; summary: string | null }>(
    'SELECT name, parent, label, summary FROM collections ORDER BY name',
  );
  return rows.map((r) => ({
    name: r.name,
    parent: r.parent,
    label: JSON.parse(r.label) as LanguageMap,
    summary: r.summary === null ? null : (JSON.parse(r.summary) as LanguageMap),
  }));
}
