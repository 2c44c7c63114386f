/**
 * Hostile import files (pure parsing; the DB round trip of the same cases is in import.test.ts): broken CSV
 * quoting, byte order marks, huge fields, formula-looking cells, duplicate JSON keys, deep nesting.
 */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseStrictJson } from '../../../scripts/catalog/json-guard';
import { readCsv, readJson } from '../../../scripts/catalog/read-input';
import { checkEntry } from '../../../scripts/catalog/validate';

describe('CSV', () => {
  it('broken quoting: one error for the file, at the line, nothing of the file imported', () => {
    const entries = readCsv('r.csv', 'id,label\na,ok\nb,"bad"quote\nc,fine\n');
    expect(entries).toEqual([{ at: { file: 'r.csv', line: 3 }, error: expect.stringMatching(/^CSV syntax: Invalid Closing Quote.*nothing in this file was imported$/) }]);
    const unclosed = readCsv('r.csv', 'id,label\na,ok\nb,"never closed\nc,fine\n');
    expect(unclosed).toHaveLength(1);
    expect(unclosed[0]).toMatchObject({ error: expect.stringMatching(/^CSV syntax: Quote Not Closed/) });
  });

  it('a byte order mark does not become part of the first column name', () => {
    const entries = readCsv('r.csv', '\uFEFFid,label\na,Title\n');
    expect(entries[0]).toMatchObject({ value: { id: 'a', label: 'Title' } });
  });

  it('a 10 MB field parses and is refused by size, with its line', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const [entry] = readCsv('r.csv', `id,label,summary\na,Title,"${big}"\n`);
    expect(entry).toMatchObject({ at: { line: 2 } });
    const checked = checkEntry(entry!.at, (entry as { value: unknown }).value, 'none');
    expect(checked).toMatchObject({ ok: false, reasons: [expect.stringMatching(/^record too large: 10,485,\d{3} bytes stored, at most 40,000/)] });
  });

  it('formula-looking cells stay plain text', () => {
    const cells = ['=cmd|\' /C calc\'!A0', '+1+1', '-2', '@SUM(A1)'];
    const csv = `id,label,summary,Note\na,"${cells[0]!.replace(/"/g, '""')}",${cells[1]},${cells[3]}\n`;
    const [entry] = readCsv('r.csv', csv);
    const checked = checkEntry(entry!.at, (entry as { value: unknown }).value, 'none');
    expect(checked).toMatchObject({ ok: true, draft: { label: { none: [cells[0]] }, record: { summary: { none: ['+1+1'] }, metadata: [{ value: { none: ['@SUM(A1)'] } }] } } });
  });
});

describe('JSON', () => {
  it('duplicate keys are refused with the line, at any depth, also when spelled with escapes', () => {
    expect(readJson('r.jsonl', '{"id":"a","label":"x"}\n{"id":"b","label":"x","label":"y"}\n')[1]).toEqual({ at: { file: 'r.jsonl', line: 2 }, error: 'duplicate key "label"' });
    expect(readJson('r.jsonl', '{"id":"a","metadata":[{"label":"x","value":"1","value":"2"}]}')[0]).toMatchObject({ error: 'duplicate key "value"' });
    expect(readJson('r.jsonl', '{"id":"a","\\u0069d":"b"}')[0]).toMatchObject({ error: 'duplicate key "id"' });
    // Equal keys in sibling objects are not duplicates.
    expect(readJson('r.jsonl', '{"a":{"k":1},"b":{"k":2}}')[0]).toMatchObject({ value: { a: { k: 1 }, b: { k: 2 } } });
  });

  it('deep nesting is bounded with a clear error, even 100,000 levels deep', () => {
    const deep = `{"id":"a","label":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(readJson('r.jsonl', deep)[0]).toEqual({ at: { file: 'r.jsonl', line: 1 }, error: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(() => parseStrictJson(ok)).not.toThrow();
  });

  it('a JSON array gives each element its own line; a syntax error names its line', () => {
    const text = '[\n  {"id":"a"},\n\n  {"id":"b",\n   "label":"x"},\n  {"id":"c"}\n]\n';
    expect(readJson('r.json', text).map((e) => e.at.line)).toEqual([2, 4, 6]);
    expect(readJson('r.json', '[\n{"id":"a"},\n{"id": oops}\n]')).toEqual([{ at: { file: 'r.json', line: 3 }, error: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('JSON Lines: a bad line is its own problem, the others still parse; strings with brackets do not confuse the scan', () => {
    const entries = readJson('r.jsonl', '{"id":"a","label":"[{"}\nnot json\n\n{"id":"b","label":"}]\\""}\n');
    expect(entries.map((e) => ('error' in e ? `${e.at.line}: error` : `${e.at.line}: ${(e.value as { label: string }).label}`))).toEqual([
      '1: [{',
      '2: error',
      '4: }]"',
    ]);
  });
});
