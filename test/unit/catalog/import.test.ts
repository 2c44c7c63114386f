/**
 * `catalog import` / `export` / `delete` against a real local D1 (workerd's SQLite through Miniflare, in a
 * temporary folder): validation that needs the catalogue, round trips, natural order, idempotence, dry runs,
 * --skip-invalid, collections, page rows, and atomicity when a batch fails.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { naturalSortKey } from '../../../src/catalog/natural-order';
import type { CatalogDb, Statement } from '../../../scripts/catalog/db';
import { sql } from '../../../scripts/catalog/db';
import { deleteObjects, exportCatalogue } from '../../../scripts/catalog/export-delete';
import { runImport, type ImportOptions } from '../../../scripts/catalog/import';
import { PROJECT, tempCatalog, type TempCatalog } from '../../helpers/temp-catalog';

const EXAMPLES = join(PROJECT, 'examples');
const EXAMPLE_IMAGES = [
  'mss/hours/001', 'mss/hours/002', 'mss/hours/003', 'mss/letters/1/letter', 'mss/letters/1/envelope',
  'maps/coast/10', 'maps/coast/2', 'maps/coast/1', 'maps/harbour/recto', 'maps/harbour/verso',
];

let t: TempCatalog;
beforeAll(async () => {
  t = await tempCatalog();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.batch(['objects', 'canvases', 'collections', 'images'].map((table) => sql(`DELETE FROM ${table}`)));
  await t.registerImages(EXAMPLE_IMAGES);
});

const importFiles = (files: string[], more: Partial<ImportOptions> = {}) => runImport(t.db, { files, language: 'en', ...more });

async function exported(db: CatalogDb = t.db): Promise<string> {
  const lines: string[] = [];
  await exportCatalogue(db, (l) => void lines.push(l));
  return lines.join('');
}

/** Every row of every catalogue table: what "unchanged" must leave exactly as it was. */
async function snapshot(): Promise<string> {
  const tables = ['objects ORDER BY id', 'canvases ORDER BY object, position', 'collections ORDER BY name', 'images ORDER BY id'];
  return JSON.stringify(await Promise.all(tables.map((q) => t.db.query(`SELECT * FROM ${q}`))));
}

describe('problems that need the catalogue: message and line, nothing written', () => {
  it.each([
    ['unknown image', [{ id: 'a/1', label: 'x', canvases: ['mss/hours/001', 'nowhere/1'] }], 2, /^unknown image "nowhere\/1" \(not registered/],
    ['unknown thumbnail', [{ id: 'a/1', label: 'x', thumbnail: 'nowhere/t', canvases: ['mss/hours/001'] }], 2, /^unknown image "nowhere\/t"/],
    ['structure past the last page', [{ id: 'a/1', label: 'x', canvases: ['mss/hours/001'], structures: [{ label: 's', items: [1, 2] }] }], 2, /^structures\[0\]\.items\[1\]: page 2 does not exist \(the object has 1\)/],
    ['prefix with no images', [{ id: 'a/1', label: 'x', canvases: 'empty/prefix/' }], 2, /^canvases: no registered image under "empty\/prefix\/"/],
    ['no pages at all', [{ id: 'a/1', label: 'x' }], 2, /^canvases: missing/],
    ['duplicate id', [{ id: 'a/1', label: 'x', canvases: ['mss/hours/001'] }, { id: 'a/1', label: 'y', canvases: ['mss/hours/002'] }], 2, /^duplicate id "a\/1" \(at .*ids\.jsonl:3\)/],
    ['page rows with a gap', [{ id: 'a/1', label: 'x', canvases: ['mss/hours/001'] }, { type: 'Page', object: 'a/1', position: 1 }, { type: 'Page', object: 'a/1', position: 3, image: 'mss/hours/002' }], 4, /^pages of "a\/1": positions must run 1, 2, 3… without gaps; position 2 is missing/],
    ['page rows of an unknown object', [{ type: 'Page', object: 'ghost', position: 1, image: 'mss/hours/001' }], 2, /^object "ghost" is neither in this import nor in the catalogue/],
  ])('%s', async (_, records, line, message) => {
    const ok = { id: 'fine/1', label: 'fine', canvases: ['mss/hours/003'] };
    const file = await t.file('ids.jsonl', [ok, ...records].map((r) => JSON.stringify(r)).join('\n'));
    const s = await importFiles([file]);
    expect(s.written).toBe(false);
    expect(s.problems[0]!.at.line).toBe(line);
    expect(s.problems[0]!.reasons[0]).toMatch(message);
    expect(await t.count('objects')).toBe(0);
    expect(await t.count('collections')).toBe(0);
  });
});

describe('round trips', () => {
  it('JSON: import(export(x)) changes nothing, and exports the same text again', async () => {
    const first = await importFiles([join(EXAMPLES, 'catalogue.jsonl')]);
    expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0, skipped: 0, written: true, collections: { created: 2 } });
    const text = await exported();
    const before = await snapshot();
    const again = await importFiles([await t.file('export.jsonl', text)]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 0, collections: { created: 0, updated: 0, unchanged: 2 } });
    expect(await snapshot()).toBe(before);
    expect(await exported()).toBe(text);
  });

  it('JSON: the record comes back as given, with plain strings as language maps', async () => {
    await importFiles([join(EXAMPLES, 'catalogue.jsonl')]);
    const records = (await exported()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const hours = records.find((r) => r['id'] === 'mss/hours')!;
    expect(hours).toEqual({
      id: 'mss/hours',
      collection: 'mss',
      label: { en: ['Book of hours'], fr: ["Livre d'heures"] },
      summary: { en: ['Use of Rome, with a calendar in French.'] },
      metadata: [{ label: { en: ['Date'] }, value: { en: ['c. 1450'] } }, { label: { en: ['Shelfmark'] }, value: { en: ['MS 12'] } }],
      rights: 'http://creativecommons.org/licenses/by/4.0/',
      requiredStatement: { label: { en: ['Attribution'] }, value: { en: ['Example Library'] } },
      provider: [{ label: { en: ['Example Library'] }, homepage: 'https://library.example.org/' }],
      navDate: '1450-01-01T00:00:00Z',
      behavior: ['paged'],
      viewingDirection: 'left-to-right',
      homepage: [{ id: 'https://catalogue.example.org/123' }],
      canvases: [
        { image: 'mss/hours/001', label: { en: ['f. 1r'] } },
        { image: 'mss/hours/002', label: { en: ['f. 1v'] } },
        { image: 'mss/hours/003', label: { en: ['f. 2r'] } },
      ],
      structures: [{ label: { en: ['Calendar'] }, items: [1, 2] }, { label: { en: ['Hours of the Virgin'] }, items: [3] }],
    });
    // An object with no collection in its record belongs to its id's folder; the folder chain is created.
    expect(records.find((r) => r['id'] === 'mss/letters/1')).toMatchObject({ collection: 'mss/letters', navDate: '1610-05-01T00:00:00Z' });
    const collections = await t.db.query<{ name: string; parent: string | null; label: string }>('SELECT name, parent, label FROM collections ORDER BY name');
    expect(collections).toEqual([
      { name: 'mss', parent: null, label: '{"en":["Manuscripts"]}' },
      { name: 'mss/letters', parent: 'mss', label: '{"none":["letters"]}' },
    ]);
  });

  it('CSV (records, pages, collections) → export → import into an empty catalogue → the same export', async () => {
    const csvs = ['catalogue.csv', 'pages.csv', 'collections.csv'].map((f) => join(EXAMPLES, f));
    const s = await importFiles(csvs);
    expect(s).toMatchObject({ created: 2, skipped: 0, written: true });
    const text = await exported();
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toEqual({ type: 'Collection', name: 'maps', label: { en: ['Maps and plans'] }, summary: { en: ['Printed and manuscript maps'] } });
    expect(records.find((r) => r['id'] === 'maps/harbour')).toMatchObject({
      canvases: [{ image: 'maps/harbour/recto', label: { en: ['Recto'] } }, { image: 'maps/harbour/verso', label: { en: ['Verso'] } }],
      metadata: [{ label: { en: ['Date'] }, value: { en: ['1755'] } }],
      requiredStatement: { label: { en: ['Attribution'] }, value: { en: ['Example Library'] } },
    });
    await t.db.batch(['objects', 'canvases', 'collections'].map((table) => sql(`DELETE FROM ${table}`)));
    expect(await importFiles([await t.file('csv-export.jsonl', text)])).toMatchObject({ created: 2, skipped: 0 });
    expect(await exported()).toBe(text);
  });
});

describe('natural order', () => {
  it('a prefix lists its images as 1, 2, 10; objects sort by a natural key', async () => {
    await importFiles([join(EXAMPLES, 'catalogue.csv')]);
    const pages = await t.db.query<{ image: string }>("SELECT image FROM canvases WHERE object = 'maps/coast' ORDER BY position");
    expect(pages.map((p) => p.image)).toEqual(['maps/coast/1', 'maps/coast/2', 'maps/coast/10']);
    const ids = ['box/item 10', 'box/item 9', 'box/item 100', 'box/item 1'];
    await t.registerImages(['x/1']);
    await importFiles([await t.file('items.jsonl', ids.map((id) => JSON.stringify({ id, label: id, canvases: ['x/1'] })).join('\n'))]);
    const ordered = await t.db.query<{ id: string; sort_key: string }>("SELECT id, sort_key FROM objects WHERE collection = 'box' ORDER BY sort_key, id");
    expect(ordered.map((o) => o.id)).toEqual(['box/item 1', 'box/item 9', 'box/item 10', 'box/item 100']);
    expect(ordered[0]!.sort_key).toBe(naturalSortKey('box/item 1'));
  });
});

describe('idempotence, updates, dry runs, skipping', () => {
  it('a re-import is all unchanged and writes nothing (updated_at kept); an edit updates one object', async () => {
    const file = join(EXAMPLES, 'catalogue.jsonl');
    await importFiles([file], { now: new Date('2026-01-01T00:00:00Z') });
    const before = await snapshot();
    expect(await importFiles([file], { now: new Date('2026-02-01T00:00:00Z') })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toBe(before);
    const edited = await t.file('edit.jsonl', JSON.stringify({ id: 'mss/letters/1', label: 'Letter to a printer', canvases: ['mss/letters/1/letter'] }));
    expect(await importFiles([edited], { now: new Date('2026-03-01T00:00:00Z') })).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const rows = await t.db.query<{ id: string; updated_at: string; label: string }>('SELECT id, updated_at, label FROM objects ORDER BY id');
    expect(rows).toEqual([
      { id: 'mss/hours', updated_at: '2026-01-01T00:00:00.000Z', label: '{"en":["Book of hours"],"fr":["Livre d\'heures"]}' },
      { id: 'mss/letters/1', updated_at: '2026-03-01T00:00:00.000Z', label: '{"en":["Letter to a printer"]}' },
    ]);
    // Its pages were replaced, not appended to.
    expect(await t.db.query("SELECT position, image FROM canvases WHERE object = 'mss/letters/1'")).toEqual([{ position: 1, image: 'mss/letters/1/letter' }]);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const before = await snapshot();
    const s = await importFiles([join(EXAMPLES, 'catalogue.jsonl')], { dryRun: true });
    expect(s).toMatchObject({ created: 2, updated: 0, unchanged: 0, written: false, collections: { created: 2 } });
    expect(await snapshot()).toBe(before);
  });

  it('--skip-invalid imports the valid records and counts the others', async () => {
    const file = await t.file('mixed.jsonl', [
      JSON.stringify({ id: 'a/1', label: 'ok', canvases: ['mss/hours/001'] }),
      JSON.stringify({ id: 'a/2', label: 'bad date', navDate: 'yesterday', canvases: ['mss/hours/001'] }),
      '{broken',
      JSON.stringify({ id: 'a/3', label: 'ok', canvases: ['mss/hours/002'] }),
      JSON.stringify({ type: 'Page', object: 'a/2', position: 1, image: 'mss/hours/003' }),
    ].join('\n'));
    const without = await importFiles([file]);
    expect(without).toMatchObject({ written: false, skipped: 3 });
    expect(await t.count('objects')).toBe(0);
    const s = await importFiles([file], { skipInvalid: true });
    expect(s).toMatchObject({ created: 2, skipped: 3, written: true });
    expect(s.problems.map((p) => [p.at.line, p.reasons[0]!.slice(0, 20)])).toEqual([
      [2, 'navDate: "yesterday"'],
      [3, 'not valid JSON (Expe'],
      [5, 'object "a/2" is inva'],
    ]);
    expect(s.problems.map((p) => p.at.line)).toEqual([2, 3, 5]);
    expect((await t.db.query<{ id: string }>('SELECT id FROM objects ORDER BY id')).map((r) => r.id)).toEqual(['a/1', 'a/3']);
  });
});

describe('collections and pages', () => {
  it('nested collections get their parents; a collection record relabels; objects at the top have collection ""', async () => {
    await t.registerImages(['x/1']);
    const file = await t.file('c.jsonl', [
      JSON.stringify({ id: 'a/b/c/obj', label: 'deep', canvases: ['x/1'] }),
      JSON.stringify({ id: 'loose', label: 'top', canvases: ['x/1'] }),
    ].join('\n'));
    expect(await importFiles([file])).toMatchObject({ created: 2, collections: { created: 3 } });
    expect(await t.db.query('SELECT name, parent, label FROM collections ORDER BY name')).toEqual([
      { name: 'a', parent: null, label: '{"none":["a"]}' },
      { name: 'a/b', parent: 'a', label: '{"none":["b"]}' },
      { name: 'a/b/c', parent: 'a/b', label: '{"none":["c"]}' },
    ]);
    expect(await t.db.query("SELECT collection FROM objects WHERE id = 'loose'")).toEqual([{ collection: '' }]);
    const relabel = await t.file('l.csv', 'collection,label,summary\na/b,Boxes,Boxes of letters\n');
    expect(await importFiles([relabel])).toMatchObject({ collections: { created: 0, updated: 1, unchanged: 1 } });
    expect(await t.db.query("SELECT label, summary FROM collections WHERE name = 'a/b'")).toEqual([{ label: '{"en":["Boxes"]}', summary: '{"en":["Boxes of letters"]}' }]);
    // A later object import does not undo the label.
    await importFiles([file]);
    expect(await t.db.query("SELECT label FROM collections WHERE name = 'a/b'")).toEqual([{ label: '{"en":["Boxes"]}' }]);
  });

  it('page rows relabel the pages of a stored object, keeping its images and record', async () => {
    await importFiles([join(EXAMPLES, 'catalogue.jsonl')]);
    const pages = await t.file('p.csv', 'object,position,image,label\nmss/letters/1,1,,Letter\nmss/letters/1,2,,Envelope\n');
    expect(await importFiles([pages])).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await t.db.query("SELECT position, image, label FROM canvases WHERE object = 'mss/letters/1' ORDER BY position")).toEqual([
      { position: 1, image: 'mss/letters/1/letter', label: '{"en":["Letter"]}' },
      { position: 2, image: 'mss/letters/1/envelope', label: '{"en":["Envelope"]}' },
    ]);
    expect(await t.db.query("SELECT json_extract(record, '$.rights') AS rights FROM objects WHERE id = 'mss/letters/1'")).toEqual([
      { rights: 'http://rightsstatements.org/vocab/NoC-US/1.0/' },
    ]);
    expect(await importFiles([pages])).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('delete removes objects and their pages, names the ids it did not find', async () => {
    await importFiles([join(EXAMPLES, 'catalogue.jsonl')]);
    expect(await deleteObjects(t.db, ['mss/hours', 'not/there'])).toEqual({ deleted: ['mss/hours'], missing: ['not/there'] });
    expect(await t.db.query('SELECT DISTINCT object FROM canvases')).toEqual([{ object: 'mss/letters/1' }]);
    expect(await t.count('objects')).toBe(1);
  });
});

describe('hostile values survive the round trip as plain text', () => {
  it('formula-looking cells, quotes, newlines and non-Latin text are stored and exported as given', async () => {
    const values = ["=cmd|' /C calc'!A0", '+SUM(1,2)', 'a "quoted", \'single\'\nsecond line', '日本語 — ünïcödé 🜁'];
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    await t.registerImages(['x/1/p']);
    const withImages = await t.file('h.csv', `id,label,summary,Note,Other,images\nx/1,${values.map(quote).join(',')},x/1/p\n`);
    expect(await importFiles([withImages])).toMatchObject({ created: 1 });
    const [record] = (await exported()).trim().split('\n').filter((l) => l.includes('"id"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(record).toMatchObject({
      label: { en: [values[0]] },
      summary: { en: [values[1]] },
      metadata: [{ label: { en: ['Note'] }, value: { en: [values[2]] } }, { label: { en: ['Other'] }, value: { en: [values[3]] } }],
    });
  });
});

/** A catalogue whose batches fail on demand: the `failOn`-th batch, or by appending a failing statement. */
function failing(db: CatalogDb, mode: { failOn?: number; breakCommit?: boolean }): CatalogDb & { batches: number } {
  const wrapper = {
    ...db,
    batches: 0,
    async batch(statements: readonly Statement[]) {
      wrapper.batches++;
      if (wrapper.batches === mode.failOn) throw new Error('simulated network failure');
      const isCommit = statements.some((s) => s.sql.startsWith('DROP TABLE _import_'));
      // A statement that fails inside SQLite, after the commit's writes ran: the whole batch must roll back.
      await db.batch(mode.breakCommit && isCommit ? [...statements, sql('INSERT INTO no_such_table VALUES (1)')] : statements);
    },
  };
  return wrapper;
}

describe('atomicity: a failed import leaves the catalogue as it was', () => {
  async function bigFile(n: number, label: string): Promise<string> {
    await t.registerImages(['x/1', 'x/2']);
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `big/${i}`, label: `${label} ${i}`, summary: 'x'.repeat(200), canvases: ['x/1', 'x/2'] }));
    return t.file(`big-${label}.jsonl`, lines.join('\n'));
  }

  it('a failure between staging batches: nothing changed, no staging table left', async () => {
    await importFiles([await bigFile(300, 'old')]);
    const before = await snapshot();
    const db = failing(t.db, { failOn: 4 });
    await expect(runImport(db, { files: [await bigFile(2000, 'new')], language: 'en', batchBytes: 20_000 })).rejects.toThrow('simulated network failure');
    expect(db.batches).toBe(5); // three staged, the fourth failed, then the staging tables were dropped
    expect(await snapshot()).toBe(before);
    expect(await t.db.query("SELECT name FROM sqlite_master WHERE name LIKE '\\_import\\_%' ESCAPE '\\'")).toEqual([]);
  });

  it('a failure inside the commit batch rolls back all of it (D1 batch = one transaction)', async () => {
    await importFiles([await bigFile(300, 'old')]);
    const before = await snapshot();
    for (const batchBytes of [20_000, undefined]) {
      const db = failing(t.db, { breakCommit: true });
      await expect(runImport(db, { files: [await bigFile(500, 'new')], language: 'en', batchBytes })).rejects.toThrow(/no such table: no_such_table/);
      expect(await snapshot()).toBe(before);
    }
  });
});
