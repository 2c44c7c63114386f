/**
 * Writes an import plan so that the catalogue is seen as before or as after, never between, however large the
 * import and wherever it is interrupted. Rows are first staged into tables of their own (`_import_<time>_<n>_*`)
 * in as many batches as needed (each an `INSERT … SELECT … FROM json_each(?)` of many rows, the fast way to
 * load D1), then one last batch, which D1 runs as one transaction, moves them into the catalogue and drops the
 * staging tables. Killed before that batch, only staging tables remain: invisible to the Worker, dropped by
 * the next import once they are an hour old (one still running elsewhere is younger).
 */
import { randomBytes } from 'node:crypto';
import { sortKeyOf } from './catalog-object';
import { jsonChunks } from './catalog-read';
import { sql, type CatalogDb, type Statement } from './db';
import type { CollectionWrite, ImportPlan, ObjectWrite } from './plan';

export class ImportInterrupted extends Error {
  constructor() {
    super('import interrupted before its commit: the catalogue is unchanged');
    this.name = 'ImportInterrupted';
  }
}

/** Staging tables older than this are leftovers of a killed import. */
const STALE_MS = 60 * 60 * 1000;
/** Bytes of payload per batch request (a batch is one request to D1). */
const BATCH_BYTES = 4_000_000;

export interface WriteOptions {
  /** ISO 8601 time written into updated_at. */
  readonly now: Date;
  /** Checked between staging batches; the commit itself is never cut short. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (staged: number, total: number) => void;
  /** Parameter bytes per staging batch (default 4 MB; tests make it small to get many batches). */
  readonly batchBytes?: number;
}

export function stagingName(now: Date): string {
  return `_import_${now.getTime()}_${randomBytes(4).toString('hex')}`;
}

/** Every statement of an import, in order: staging (batched freely) and the commit (one batch). */
export function importStatements(plan: ImportPlan, stage: string, now: string, db: Pick<CatalogDb, 'maxPayloadBytes' | 'payloadBytes'>): { staging: Statement[]; commit: Statement[] } {
  const objects: ObjectWrite[] = [...plan.created, ...plan.updated];
  const collections: CollectionWrite[] = [...plan.collectionsCreated, ...plan.collectionsUpdated];
  const chunks = <T>(rows: T[]) => jsonChunks(rows, db.maxPayloadBytes, db.payloadBytes);
  const staging: Statement[] = [
    sql(`CREATE TABLE ${stage}_objects (id TEXT PRIMARY KEY, collection TEXT, sort_key TEXT, label TEXT, thumbnail TEXT, record TEXT, hash TEXT)`),
    sql(`CREATE TABLE ${stage}_canvases (object TEXT, position INTEGER, image TEXT, label TEXT, PRIMARY KEY (object, position))`),
    sql(`CREATE TABLE ${stage}_collections (name TEXT PRIMARY KEY, parent TEXT, label TEXT, summary TEXT, explicit INTEGER)`),
  ];
  // Label, record and canvas labels travel as JSON values: json_extract returns their JSON text as is.
  const x = (i: number) => `json_extract(value, '$[${i}]')`;
  const objectRows = objects.map(({ object: o, hash }) => [o.id, o.collection, sortKeyOf(o.id), o.label, o.thumbnail, o.record, hash]);
  for (const chunk of chunks(objectRows)) {
    staging.push(sql(`INSERT INTO ${stage}_objects SELECT ${[0, 1, 2, 3, 4, 5, 6].map(x).join(', ')} FROM json_each(?1)`, chunk));
  }
  const canvasRows = objects.flatMap(({ object: o }) => o.canvases.map((c, i) => [o.id, i + 1, c.image, c.label]));
  for (const chunk of chunks(canvasRows)) {
    staging.push(sql(`INSERT INTO ${stage}_canvases SELECT ${[0, 1, 2, 3].map(x).join(', ')} FROM json_each(?1)`, chunk));
  }
  const collectionRows = collections.map((c) => [c.name, c.parent, c.label, c.summary, c.explicit ? 1 : 0]);
  for (const chunk of chunks(collectionRows)) {
    staging.push(sql(`INSERT INTO ${stage}_collections SELECT ${[0, 1, 2, 3, 4].map(x).join(', ')} FROM json_each(?1)`, chunk));
  }
  const commit: Statement[] = [
    sql(`DELETE FROM canvases WHERE object IN (SELECT id FROM ${stage}_objects)`),
    sql(`INSERT INTO canvases (object, position, image, label) SELECT object, position, image, label FROM ${stage}_canvases`),
    // `WHERE true`: SQLite needs it before ON CONFLICT in an INSERT … SELECT (an ambiguity of its grammar).
    sql(
      `INSERT INTO objects (id, collection, sort_key, label, thumbnail, record, hash, updated_at)
       SELECT id, collection, sort_key, label, thumbnail, record, hash, ?1 FROM ${stage}_objects WHERE true
       ON CONFLICT (id) DO UPDATE SET collection = excluded.collection, sort_key = excluded.sort_key, label = excluded.label,
         thumbnail = excluded.thumbnail, record = excluded.record, hash = excluded.hash, updated_at = excluded.updated_at`,
      now,
    ),
    sql(
      `INSERT INTO collections (name, parent, label, summary, updated_at)
       SELECT name, parent, label, summary, ?1 FROM ${stage}_collections WHERE true
       ON CONFLICT (name) DO UPDATE SET label = excluded.label, summary = excluded.summary, updated_at = excluded.updated_at
       WHERE excluded.name IN (SELECT name FROM ${stage}_collections WHERE explicit = 1)`,
      now,
    ),
    sql(`DROP TABLE ${stage}_objects`),
    sql(`DROP TABLE ${stage}_canvases`),
    sql(`DROP TABLE ${stage}_collections`),
  ];
  return { staging, commit };
}

/** Groups statements into batches of at most BATCH_BYTES of parameters. */
function batches(statements: readonly Statement[], maxBytes: number): Statement[][] {
  const out: Statement[][] = [];
  let current: Statement[] = [];
  let size = 0;
  for (const s of statements) {
    const n = s.params.reduce<number>((sum, p) => sum + (typeof p === 'string' ? p.length : 8), 0);
    if (current.length > 0 && size + n > maxBytes) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Drops staging tables left by imports killed more than an hour ago. */
export async function dropStaleStaging(db: CatalogDb, now: Date): Promise<number> {
  const rows = await db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_import\\_%' ESCAPE '\\'`);
  const stale = rows.map((r) => r.name).filter((name) => now.getTime() - Number(/^_import_(\d+)_/.exec(name)?.[1] ?? now.getTime()) > STALE_MS);
  await db.batch(stale.map((name) => sql(`DROP TABLE IF EXISTS "${name}"`)));
  return stale.length;
}

export async function writeImport(db: CatalogDb, plan: ImportPlan, options: WriteOptions): Promise<void> {
  const stage = stagingName(options.now);
  const { staging, commit } = importStatements(plan, stage, options.now.toISOString(), db);
  const groups = batches(staging, options.batchBytes ?? BATCH_BYTES);
  // Small imports (one batch of staging) commit in a single transaction with their staging.
  if (groups.length <= 1) {
    if (options.signal?.aborted) throw new ImportInterrupted();
    await db.batch([...(groups[0] ?? []), ...commit]);
    options.onProgress?.(staging.length, staging.length);
    return;
  }
  let done = 0;
  try {
    for (const group of groups) {
      if (options.signal?.aborted) throw new ImportInterrupted();
      await db.batch(group);
      done += group.length;
      options.onProgress?.(done, staging.length);
    }
    if (options.signal?.aborted) throw new ImportInterrupted();
  } catch (err) {
    // Best effort: a staging table left behind is harmless and dropped by a later import.
    await db.batch(['objects', 'canvases', 'collections'].map((t) => sql(`DROP TABLE IF EXISTS ${stage}_${t}`))).catch(() => undefined);
    throw err;
  }
  await db.batch(commit);
}
