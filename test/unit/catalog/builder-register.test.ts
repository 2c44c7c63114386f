/**
 * The builder registers what it builds: a folder of pages drawn with sharp, built by the real builder into a
 * temporary folder store, registered into a temporary local D1, and `--object` making one object of the
 * folder with its pages in natural order and its record from object.json (or the folder's name).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../../scripts/catalog/db';
import { buildPyramids } from '../../../scripts/pyramid/build-pyramids';
import { buildPrefix, catalogueStep } from '../../../scripts/pyramid/catalogue-step';
import { parseCli } from '../../../scripts/pyramid/cli-args';
import { folderDestination } from '../../../scripts/pyramid/destinations';
import type { Reporter } from '../../../scripts/pyramid/report';
import { PROJECT, tempCatalog, type TempCatalog } from '../../helpers/temp-catalog';

const quiet: Reporter = { log: () => undefined, progress: () => undefined, finish: () => undefined };
let t: TempCatalog;
let work: string;

beforeAll(async () => {
  t = await tempCatalog();
  work = await mkdtemp(join(tmpdir(), 'builder-register-'));
});
afterAll(async () => {
  await t.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => t.db.batch(['objects', 'canvases', 'collections', 'images'].map((table) => sql(`DELETE FROM ${table}`))));

/** A folder of small pages named 1, 2, 10 (and a record file when given). */
async function pagesFolder(name: string, record?: unknown): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [page, width] of [['1', 300], ['2', 320], ['10', 340]] as const) {
    const png = await sharp({ create: { width, height: 200, channels: 3, background: { r: 200, g: 180, b: 150 } } }).png().toBuffer();
    await writeFile(join(dir, `${page}.png`), png);
  }
  if (record !== undefined) await writeFile(join(dir, 'object.json'), JSON.stringify(record));
  return dir;
}

/** Runs the builder as `build-pyramid args… --local` would, into a folder store and the temporary catalogue. */
async function build(args: string[]): Promise<{ problems: number; log: string[] }> {
  const options = parseCli([...args, '--local', '--persist-to', t.persistTo]);
  if (options === 'help') throw new Error('help');
  const destination = folderDestination(join(work, 'store'));
  const { results } = await buildPyramids({ inputs: options.inputs, pixel: options.pixel, prefix: buildPrefix(options), concurrency: 2, reporter: quiet, destination });
  const log: string[] = [];
  const problems = await catalogueStep(options, PROJECT, destination, results, (l) => log.push(l));
  return { problems, log };
}

describe('build-pyramid registers its images', () => {
  it('each built image: id, size, etag, SHA-256 of the master, build time; a re-run (skipped) keeps them', async () => {
    const dir = await pagesFolder('loose');
    const { problems, log } = await build([dir, '--prefix', 'coll/']);
    expect(problems).toBe(0);
    expect(log[0]).toMatch(/^registered 3 images in local D1 catalog/);
    const rows = await t.db.query<{ id: string; width: number; height: number; etag: string; sha256: string; built_at: string }>('SELECT * FROM images ORDER BY id');
    expect(rows.map((r) => [r.id, r.width, r.height])).toEqual([['coll/1', 300, 200], ['coll/10', 340, 200], ['coll/2', 320, 200]]);
    const { createHash } = await import('node:crypto');
    const { readFile } = await import('node:fs/promises');
    expect(rows[0]!.sha256).toBe(createHash('sha256').update(await readFile(join(dir, '1.png'))).digest('hex'));
    expect(rows[0]!.etag).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(rows.map((r) => r.etag)).size).toBe(3);
    expect(Date.now() - Date.parse(rows[0]!.built_at)).toBeLessThan(10 * 60_000);
    const again = await build([dir, '--prefix', 'coll/']);
    expect(again.log[0]).toMatch(/^registered 3 images/);
    expect(await t.db.query('SELECT * FROM images ORDER BY id')).toEqual(rows);
  });
});

describe('build-pyramid FOLDER --object', () => {
  it('one object: id = prefix + folder, pages in natural order, record from object.json', async () => {
    const dir = await pagesFolder('hours', { label: { en: ['Book of hours'] }, navDate: '1450', rights: 'http://creativecommons.org/licenses/by/4.0/' });
    const { problems } = await build([dir, '--object', '--prefix', 'mss/']);
    expect(problems).toBe(0);
    expect((await t.db.query<{ id: string }>('SELECT id FROM images ORDER BY id')).map((r) => r.id)).toEqual(['mss/hours/1', 'mss/hours/10', 'mss/hours/2']);
    expect(await t.db.query('SELECT id, collection, label, thumbnail FROM objects')).toEqual([
      { id: 'mss/hours', collection: 'mss', label: '{"en":["Book of hours"]}', thumbnail: 'mss/hours/1' },
    ]);
    expect((await t.db.query<{ image: string }>("SELECT image FROM canvases WHERE object = 'mss/hours' ORDER BY position")).map((r) => r.image)).toEqual([
      'mss/hours/1', 'mss/hours/2', 'mss/hours/10',
    ]);
    expect(await t.db.query("SELECT json_extract(record, '$.navDate') AS navDate FROM objects")).toEqual([{ navDate: '1450-01-01T00:00:00Z' }]);
    expect(await t.db.query('SELECT name, parent FROM collections')).toEqual([{ name: 'mss', parent: null }]);
  });

  it('without object.json the object is labelled with the folder name; a bad object.json is reported', async () => {
    const plain = await pagesFolder('letter-7');
    expect((await build([plain, '--object'])).problems).toBe(0);
    expect(await t.db.query('SELECT id, collection, label FROM objects')).toEqual([{ id: 'letter-7', collection: '', label: '{"none":["letter-7"]}' }]);
    const bad = await pagesFolder('bad', { label: 'x', rights: 'all rights reserved' });
    const r = await build([bad, '--object']);
    expect(r.problems).toBe(1);
    expect(r.log.join('\n')).toMatch(/object\.json:1: rights: "all rights reserved" is not a Creative Commons licence/);
  });
});
