/**
 * Catalogue rows for tests, in exactly the schema of migrations/0001_catalog.sql, as the importer writes them:
 * statements with parameters that a worker test runs on env.CATALOG and an e2e test on the local D1 of a running
 * `wrangler dev` (through Miniflare). Not the importer: only what tests need to put rows in place.
 */
import type { CollectionRow, ImageFacts, LanguageMap, StoredRecord } from '../../src/catalog/record';

export interface Statement {
  readonly sql: string;
  readonly params: readonly (string | number | null)[];
}

/** Natural-order key, as the importer makes it: digit runs padded so page 2 sorts before page 10. */
export function naturalKey(id: string): string {
  return id.replace(/\d+/g, (d) => d.padStart(12, '0'));
}

export const text = (s: string): LanguageMap => ({ none: [s] });

export function imageRow(f: Omit<ImageFacts, 'sha256' | 'builtAt'> & Partial<ImageFacts>): Statement {
  return {
    sql: 'INSERT OR REPLACE INTO images (id, width, height, etag, sha256, built_at) VALUES (?, ?, ?, ?, ?, ?)',
    params: [f.id, f.width, f.height, f.etag, f.sha256 ?? '0'.repeat(64), f.builtAt ?? '2026-12-01T00:00:00Z'],
  };
}

export function collectionRow(c: Omit<CollectionRow, 'summary' | 'updatedAt'> & Partial<CollectionRow>): Statement {
  return {
    sql: 'INSERT OR REPLACE INTO collections (name, parent, label, summary, updated_at) VALUES (?, ?, ?, ?, ?)',
    params: [c.name, c.parent, JSON.stringify(c.label), c.summary ? JSON.stringify(c.summary) : null, c.updatedAt ?? '2026-12-01T00:00:00Z'],
  };
}

export interface TestObject {
  readonly id: string;
  readonly collection: string;
  readonly label: LanguageMap;
  readonly thumbnail?: string | null;
  readonly record?: StoredRecord;
  readonly updatedAt?: string;
  readonly canvases?: readonly { readonly image: string; readonly label?: LanguageMap | null }[];
}

/** The object's row, and its canvases (old canvases removed first, as a re-import does). */
export function objectRows(o: TestObject): Statement[] {
  const record = JSON.stringify(o.record ?? {});
  return [
    {
      sql: 'INSERT OR REPLACE INTO objects (id, collection, sort_key, label, thumbnail, record, hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      params: [o.id, o.collection, naturalKey(o.id), JSON.stringify(o.label), o.thumbnail ?? o.canvases?.[0]?.image ?? null, record, `h${record.length}`, o.updatedAt ?? '2026-12-01T00:00:00Z'],
    },
    { sql: 'DELETE FROM canvases WHERE object = ?', params: [o.id] },
    ...(o.canvases ?? []).map((c, i) => ({
      sql: 'INSERT INTO canvases (object, position, image, label) VALUES (?, ?, ?, ?)',
      params: [o.id, i + 1, c.image, c.label ? JSON.stringify(c.label) : null],
    })),
  ];
}

/** Many objects in one statement (json_each), for collections of thousands: `[id, collection, label]` each. */
export function manyObjects(rows: readonly (readonly [id: string, collection: string, thumbnail: string | null])[]): Statement {
  const data = rows.map(([id, collection, thumbnail]) => [id, collection, naturalKey(id), JSON.stringify(text(id)), thumbnail]);
  return {
    sql: `INSERT OR REPLACE INTO objects (id, collection, sort_key, label, thumbnail, record, hash, updated_at)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, '{}', 'h', '2026-12-01T00:00:00Z' FROM json_each(?)`,
    params: [JSON.stringify(data)],
  };
}

/** Runs statements as one batch on a D1 database (worker tests) or Miniflare's D1 (e2e). */
export async function runRows(db: { prepare(sql: string): { bind(...v: unknown[]): unknown }; batch(s: never[]): Promise<unknown> }, statements: readonly Statement[]): Promise<void> {
  const prepared = statements.map((s) => db.prepare(s.sql).bind(...s.params));
  await db.batch(prepared as never[]);
}
