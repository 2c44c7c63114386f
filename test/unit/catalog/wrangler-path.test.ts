/**
 * The remote path without an account: the same code as `--remote`, run through wrangler's `--local` on a
 * temporary state folder (only the flag differs). Also: migrations applied here are the ones wrangler
 * considers applied, the migration splitter, SQL literals, and the CATALOG binding read from wrangler.toml.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCatalogue } from '../../../scripts/catalog/export-delete';
import { runImport } from '../../../scripts/catalog/import';
import { catalogDatabaseId } from '../../../scripts/catalog/local-d1';
import { splitSql } from '../../../scripts/catalog/migrate';
import { batchFile, inlineParams, sqlLiteral, wranglerCatalog } from '../../../scripts/catalog/wrangler-d1';
import { PROJECT, tempCatalog, type TempCatalog } from '../../helpers/temp-catalog';

const WRANGLER = join(PROJECT, 'node_modules/wrangler/bin/wrangler.js');
let t: TempCatalog;
beforeAll(async () => {
  t = await tempCatalog();
});
afterAll(() => t.close());

describe('pure parts', () => {
  it('SQL literals and inlined parameters', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(42)).toBe('42');
    expect(inlineParams('SELECT ?1, ?2, ?1', ['a', null])).toBe("SELECT 'a', NULL, 'a'");
    expect(() => inlineParams('SELECT ?2', ['a'])).toThrow(/\?2 but 1 parameters/);
    expect(batchFile([{ sql: 'SELECT\n  ?1', params: ["x';DROP TABLE objects;--"] }])).toBe("SELECT 'x'';DROP TABLE objects;--';\n");
  });

  it('the splitter keeps triggers whole and ignores ; in comments and strings', () => {
    const text = `-- a comment; with a semicolon
CREATE TABLE a (x TEXT DEFAULT ';');
/* block; comment */
CREATE TRIGGER t AFTER INSERT ON a BEGIN
  INSERT INTO b VALUES (new.x);
  UPDATE c SET n = n + 1;
END;
CREATE INDEX i ON a (x)`;
    expect(splitSql(text)).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';')",
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (new.x);\n  UPDATE c SET n = n + 1;\nEND',
      'CREATE INDEX i ON a (x)',
    ]);
  });

  it('the database id comes from the CATALOG entry of wrangler.toml', () => {
    expect(catalogDatabaseId(readFileSync(join(PROJECT, 'wrangler.toml'), 'utf8'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => catalogDatabaseId('[[d1_databases]]\nbinding = "OTHER"\ndatabase_id = "x"\n')).toThrow(/binding = "CATALOG"/);
  });
});

describe('through wrangler d1 execute', () => {
  it('wrangler sees the migrations applied by this code as applied', () => {
    const r = spawnSync(process.execPath, [WRANGLER, 'd1', 'migrations', 'apply', 'catalog', '--local', '--persist-to', t.persistTo], {
      cwd: PROJECT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_HIDE_BANNER: 'true', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/No migrations to apply/);
  }, 60_000);

  it('an import through the generated SQL files gives the same catalogue as through Miniflare', async () => {
    await t.registerImages(['mss/hours/001', 'mss/hours/002', 'mss/hours/003', 'mss/letters/1/letter', 'mss/letters/1/envelope']);
    const viaWrangler = wranglerCatalog({ wranglerJs: WRANGLER, projectDir: PROJECT, local: { persistTo: t.persistTo } });
    const s = await runImport(viaWrangler, { files: [join(PROJECT, 'examples/catalogue.jsonl')], language: 'en' });
    expect(s).toMatchObject({ created: 2, written: true, problems: [] });
    const lines: string[] = [];
    await exportCatalogue(t.db, (l) => void lines.push(l));
    const viaMiniflare = await tempCatalog();
    try {
      await viaMiniflare.registerImages(['mss/hours/001', 'mss/hours/002', 'mss/hours/003', 'mss/letters/1/letter', 'mss/letters/1/envelope']);
      await runImport(viaMiniflare.db, { files: [join(PROJECT, 'examples/catalogue.jsonl')], language: 'en' });
      const expected: string[] = [];
      await exportCatalogue(viaMiniflare.db, (l) => void expected.push(l));
      expect(lines.join('')).toBe(expected.join(''));
    } finally {
      await viaMiniflare.close();
    }
  }, 180_000);
});
