/**
 * The catalogue in Cloudflare D1 (migrations/0001_catalog.sql). Every query is answered from a primary key or
 * an index: an object by id, its canvases by (object, position) joined to images by id, the children of a
 * collection by (parent, name), a collection's objects by the keyset (collection, sort_key, id). A manifest is
 * one `batch` of two statements (one round trip) whatever the number of pages; a collection page is one batch,
 * plus one query when it must be split into ranges.
 *
 * Read replication: each request reads through one D1 Session (`withSession('first-unconstrained')`), so its
 * first query may go to the nearest read replica instead of the primary, and every later query of the same
 * request sees a state at least as new as the first (sequential consistency within the request). Readers need
 * no bookmark across requests: the importer's writes reach replicas within seconds, inside the minute a
 * manifest may be cached anyway (docs/CATALOGUE.md, "Caching").
 */
import type { Catalog, CanvasWithFacts, Listing, ManifestData, Member, RangeBounds } from './catalog';
import type { CollectionRow, ImageFacts, LanguageMap, StoredRecord } from './record';
import type { Visibility } from './visibility';
import { visibleSql } from './visibility-sql';

/** What D1Catalog needs of a database: a D1Database, or a session of one. */
export interface D1Like {
  prepare(query: string): D1PreparedStatement;
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

type Row = Record<string, unknown>;

const json = <T>(text: unknown): T => JSON.parse(String(text)) as T;
const jsonOrNull = <T>(text: unknown): T | null => (text === null || text === undefined ? null : json<T>(text));


function facts(row: Row, prefix: string, id: unknown): ImageFacts | null {
  if (row[`${prefix}width`] === null || row[`${prefix}width`] === undefined) return null;
  return {
    id: String(id),
    width: Number(row[`${prefix}width`]),
    height: Number(row[`${prefix}height`]),
    etag: String(row[`${prefix}etag`]),
    sha256: String(row[`${prefix}sha256`]),
    builtAt: String(row[`${prefix}built_at`]),
  };
}

function collectionRow(row: Row): CollectionRow {
  return {
    name: String(row['name']),
    parent: row['parent'] === null ? null : String(row['parent']),
    label: json<LanguageMap>(row['label']),
    summary: jsonOrNull<LanguageMap>(row['summary']),
    updatedAt: String(row['updated_at']),
  };
}

function member(row: Row): Member {
  return {
    id: String(row['id']),
    label: json<LanguageMap>(row['label']),
    thumbnail: row['thumbnail'] === null || row['thumbnail'] === undefined ? null : String(row['thumbnail']),
    updatedAt: String(row['updated_at']),
  };
}

const OBJECT_SQL = `SELECT o.id, o.collection, o.sort_key, o.label, o.thumbnail, o.record, o.hash, o.updated_at,
  c.name AS c_name, c.parent AS c_parent, c.label AS c_label, c.summary AS c_summary, c.updated_at AS c_updated_at,
  t.width AS t_width, t.height AS t_height, t.etag AS t_etag, t.sha256 AS t_sha256, t.built_at AS t_built_at
FROM objects o LEFT JOIN collections c ON c.name = o.collection LEFT JOIN images t ON t.id = o.thumbnail
WHERE o.id = ?`;

const CANVASES_SQL = `SELECT v.position, v.image, v.label, i.width AS i_width, i.height AS i_height, i.etag AS i_etag,
  i.sha256 AS i_sha256, i.built_at AS i_built_at
FROM canvases v LEFT JOIN images i ON i.id = v.image
WHERE v.object = ? ORDER BY v.position`;

export class D1Catalog implements Catalog {
  /** `db` is a database or a session; `fromDatabase` opens a session per request. */
  constructor(private readonly db: D1Like) {}

  /** A catalogue over one D1 Session (see the header for why). */
  static session(database: D1Database): D1Catalog {
    return new D1Catalog(typeof database.withSession === 'function' ? database.withSession('first-unconstrained') : database);
  }

  async hasRecord(objectId: string): Promise<boolean> {
    return (await this.db.prepare('SELECT 1 AS found FROM objects WHERE id = ?').bind(objectId).first<Row>()) !== null;
  }

  async manifestData(objectId: string): Promise<ManifestData | null> {
    const [objects, canvases] = await this.db.batch<Row>([
      this.db.prepare(OBJECT_SQL).bind(objectId),
      this.db.prepare(CANVASES_SQL).bind(objectId),
    ]);
    const o = objects?.results[0];
    if (o === undefined) return null;
    return {
      object: {
        id: String(o['id']),
        collection: String(o['collection']),
        sortKey: String(o['sort_key']),
        label: json<LanguageMap>(o['label']),
        thumbnail: o['thumbnail'] === null ? null : String(o['thumbnail']),
        record: json<StoredRecord>(o['record']),
        hash: String(o['hash']),
        updatedAt: String(o['updated_at']),
      },
      canvases: (canvases?.results ?? []).map(
        (r): CanvasWithFacts => ({
          position: Number(r['position']),
          image: String(r['image']),
          label: jsonOrNull<LanguageMap>(r['label']),
          facts: facts(r, 'i_', r['image']),
        }),
      ),
      thumbnail: o['thumbnail'] === null ? null : facts(o, 't_', o['thumbnail']),
      collection:
        o['c_name'] === null
          ? null
          : collectionRow({ name: o['c_name'], parent: o['c_parent'], label: o['c_label'], summary: o['c_summary'], updated_at: o['c_updated_at'] }),
    };
  }

  async listing(name: string | null, visibility: Visibility, limit: number): Promise<Listing | null> {
    const inner = visibleSql(visibility, 'f.id');
    // A sub-collection's thumbnail: the thumbnail of its first visible object (one index seek per child).
    const childrenSql = `SELECT c.name AS id, c.label, c.updated_at,
  (SELECT f.thumbnail FROM objects f WHERE f.collection = c.name AND ${inner.sql} ORDER BY f.sort_key, f.id LIMIT 1) AS thumbnail
FROM collections c WHERE c.parent ${name === null ? 'IS NULL' : '= ?'} ORDER BY c.name`;
    const childParams = [...inner.params, ...(name === null ? [] : [name])];
    if (name === null) {
      const [children] = await this.db.batch<Row>([this.db.prepare(childrenSql).bind(...childParams)]);
      return { collection: null, children: (children?.results ?? []).map(member), objects: [] };
    }
    const vis = visibleSql(visibility, 'id');
    const [row, children, objects] = await this.db.batch<Row>([
      this.db.prepare('SELECT name, parent, label, summary, updated_at FROM collections WHERE name = ?').bind(name),
      this.db.prepare(childrenSql).bind(...childParams),
      this.db
        .prepare(`SELECT id, label, thumbnail, updated_at FROM objects WHERE collection = ? AND ${vis.sql} ORDER BY sort_key, id LIMIT ?`)
        .bind(name, ...vis.params, limit),
    ]);
    const r = row?.results[0];
    const kids = (children?.results ?? []).map(member);
    const objs = (objects?.results ?? []).map(member);
    if (r === undefined && kids.length === 0 && objs.length === 0) return null;
    return { collection: r === undefined ? null : collectionRow(r), children: kids, objects: objs };
  }

  async objectsFrom(collection: string, from: string, limit: number, visibility: Visibility): Promise<readonly Member[] | null> {
    const vis = visibleSql(visibility, 'o.id');
    const start = visibleSql(visibility, 's.id');
    // The keyset: (sort_key, id) of `from`, which must itself be a visible object of this collection.
    const rows = await this.db
      .prepare(
        `WITH s AS (SELECT s.sort_key, s.id FROM objects s WHERE s.id = ? AND s.collection = ? AND ${start.sql})
SELECT o.id, o.label, o.thumbnail, o.updated_at FROM objects o, s
WHERE o.collection = ? AND (o.sort_key, o.id) >= (s.sort_key, s.id) AND ${vis.sql}
ORDER BY o.sort_key, o.id LIMIT ?`,
      )
      .bind(from, collection, ...start.params, collection, ...vis.params, limit)
      .all<Row>();
    if (rows.results.length === 0) return null;
    return rows.results.map(member);
  }

  async ranges(collection: string, from: string | null, window: number | null, span: number, visibility: Visibility): Promise<readonly RangeBounds[] | null> {
    const vis = visibleSql(visibility, 'o.id');
    const start = visibleSql(visibility, 's.id');
    const startSql = from === null ? `SELECT '' AS sort_key, '' AS id` : `SELECT s.sort_key, s.id FROM objects s WHERE s.id = ? AND s.collection = ? AND ${start.sql}`;
    const startParams = from === null ? [] : [from, collection, ...start.params];
    // The visible objects from the start key, at most `window`, read from the covering index only (sort_key, id).
    const windowSql = `WITH s AS (${startSql}),
w AS (SELECT o.sort_key, o.id FROM objects o, s WHERE o.collection = ? AND (o.sort_key, o.id) >= (s.sort_key, s.id) AND ${vis.sql}
      ORDER BY o.sort_key, o.id LIMIT ?)`;
    const windowParams = [...startParams, collection, ...vis.params, window ?? -1];
    // Numbered in one pass, only each range's first and last rows are kept, and only their thumbnails are
    // looked up; the window's last row (the end of the final, partial range) is a second statement.
    const [bounds, last] = await this.db.batch<Row>([
      this.db
        .prepare(
          `${windowSql},
n AS (SELECT id, row_number() OVER (ORDER BY sort_key, id) - 1 AS i FROM w),
b AS (SELECT id, i FROM n WHERE i % ? = 0 OR i % ? = ? - 1)
SELECT b.id, b.i, o.thumbnail FROM b JOIN objects o ON o.id = b.id ORDER BY b.i`,
        )
        .bind(...windowParams, span, span, span),
      this.db.prepare(`${windowSql} SELECT id FROM w ORDER BY sort_key DESC, id DESC LIMIT 1`).bind(...windowParams),
    ]);
    const rows = bounds?.results ?? [];
    if (rows.length === 0) return from === null ? [] : null;
    const out: RangeBounds[] = [];
    for (const r of rows) {
      const id = String(r['id']);
      if (Number(r['i']) % span === 0) out.push({ first: id, last: id, thumbnail: r['thumbnail'] === null ? null : String(r['thumbnail']) });
      else out[out.length - 1] = { ...out[out.length - 1]!, last: id };
    }
    const lastId = last?.results[0]?.['id'];
    if (lastId !== undefined) out[out.length - 1] = { ...out[out.length - 1]!, last: String(lastId) };
    return out;
  }

}
