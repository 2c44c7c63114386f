/**
 * Record validation, without a catalogue: each bad field gives its own message, the line it is on, and every
 * problem of a record (not only the first). Problems that need the catalogue (unknown image, duplicate id,
 * structures past the last page) are in import.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readCsv, readJson } from '../../../scripts/catalog/read-input';
import { checkEntry, type ObjectDraft } from '../../../scripts/catalog/validate';

const good = { id: 'mss/hours', label: 'Book of hours', canvases: ['mss/hours/001'] };

/** A JSON Lines file with good records around the bad one; returns the problems found, with lines. */
function problemsOf(bad: unknown, language = 'none'): { line: number; reasons: readonly string[] }[] {
  const lines = [JSON.stringify({ ...good, id: 'a/1' }), JSON.stringify({ ...good, id: 'a/2' }), JSON.stringify(bad), JSON.stringify({ ...good, id: 'a/3' })];
  const out = [];
  for (const entry of readJson('bad.jsonl', lines.join('\n'))) {
    if ('error' in entry) out.push({ line: entry.at.line, reasons: [entry.error] });
    else {
      const checked = checkEntry(entry.at, entry.value, language);
      if (!checked.ok) out.push({ line: checked.at.line, reasons: checked.reasons });
    }
  }
  return out;
}

describe('each bad field → its message, on its line', () => {
  it.each([
    ['no id', { label: 'x', canvases: ['a'] }, /^id: expected text, got undefined/],
    ['id with a .. segment', { ...good, id: 'mss/../etc' }, /^id: .* has an empty, "\." or "\.\." segment/],
    ['id with an empty segment', { ...good, id: 'mss//hours' }, /^id: .* has an empty/],
    ['id with a control character', { ...good, id: 'mss/\u0007' }, /^id: contains a control character/],
    ['id too long', { ...good, id: 'x'.repeat(513) }, /^id: longer than 512 bytes/],
    ['no label', { id: 'a', canvases: ['a'] }, /^label: missing/],
    ['label a number', { ...good, label: 5 }, /^label: malformed language map: expected text or/],
    ['language map with a bad tag', { ...good, label: { 'en gb': ['x'] } }, /^label: malformed language map: "en gb" is not a language tag/],
    ['language map value not a list', { ...good, label: { en: 'x' } }, /^label: malformed language map: "en" must be a non-empty list of strings/],
    ['language map empty', { ...good, summary: {} }, /^summary: malformed language map: no language/],
    ['language map with a number', { ...good, label: { en: [3] } }, /^label\.en\[0\]: expected text, got number 3/],
    ['empty label', { ...good, label: '  ' }, /^label: empty/],
    ['rights not CC or RS', { ...good, rights: 'http://example.org/licence' }, /^rights: .* is not a Creative Commons licence or RightsStatements\.org statement URI/],
    ['rights unknown CC licence', { ...good, rights: 'http://creativecommons.org/licenses/by-xx/4.0/' }, /^rights: /],
    ['rights unknown RS statement', { ...good, rights: 'http://rightsstatements.org/vocab/Free/1.0/' }, /^rights: /],
    ['navDate not a date', { ...good, navDate: 'c. 1450' }, /^navDate: "c\. 1450" is not a date/],
    ['navDate February 30', { ...good, navDate: '1450-02-30' }, /^navDate: "1450-02-30" is not a calendar date/],
    ['navDate month 13', { ...good, navDate: '1450-13' }, /^navDate: "1450-13" is not a calendar date/],
    ['navDate without zone', { ...good, navDate: '1450-01-01T00:00:00' }, /^navDate: .* is not a date/],
    ['navDate hour 25', { ...good, navDate: '1450-01-01T25:00:00Z' }, /^navDate: .* is not a valid time of day or zone/],
    ['behavior unknown', { ...good, behavior: ['paged', 'sideways'] }, /^behavior\[1\]: "sideways" is not one of paged, individuals/],
    ['viewingDirection unknown', { ...good, viewingDirection: 'up' }, /^viewingDirection: "up" is not one of left-to-right/],
    ['homepage not http', { ...good, homepage: 'javascript:alert(1)' }, /^homepage: only http and https URLs/],
    ['homepage not a URL', { ...good, homepage: 'catalogue entry 12' }, /^homepage: not a URL/],
    ['provider without label', { ...good, provider: { homepage: 'https://example.org/' } }, /^provider: needs a "label"/],
    ['metadata entry without value', { ...good, metadata: [{ label: 'Date' }] }, /^metadata\[0\]: needs both "label" and "value"/],
    ['requiredStatement as text', { ...good, requiredStatement: 'Library' }, /^requiredStatement: expected an object, got "Library"/],
    ['unknown field', { ...good, lable: 'typo' }, /^record: unknown field "lable"/],
    ['canvases empty', { ...good, canvases: [] }, /^canvases: empty list/],
    ['canvas with a bad image id', { ...good, canvases: ['ok', '../x'] }, /^canvases\[1\]: .* has an empty, "\." or "\.\." segment/],
    ['canvas with an unknown key', { ...good, canvases: [{ image: 'a', page: 1 }] }, /^canvases\[0\]: unknown field "page"/],
    ['structure item zero', { ...good, structures: [{ label: 'x', items: [0] }] }, /^structures\[0\]\.items\[0\]: expected a positive whole number, got number 0/],
    ['structure without items', { ...good, structures: [{ label: 'x', items: [] }] }, /^structures\[0\]\.items: expected a non-empty list/],
    ['text with a NUL', { ...good, summary: 'a\u0000b' }, /^summary: contains a control character/],
    ['text with a lone surrogate', { ...good, summary: 'a\ud800b' }, /^summary: not well-formed Unicode/],
    ['type unknown', { ...good, type: 'Canvas' }, /^type: must be absent, "Manifest", "Collection" or "Page"/],
    ['collection without name', { type: 'Collection', label: 'x' }, /^name: expected text/],
    ['page without position', { type: 'Page', object: 'a', image: 'b' }, /^position: expected a positive whole number/],
    ['record too large', { ...good, summary: 'x'.repeat(50_000) }, /^record too large: 50,0\d\d bytes stored, at most 40,000/],
    ['not an object', [1, 2], /^record: expected an object, got a list/],
  ])('%s', (_, bad, message) => {
    const problems = problemsOf(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(3);
    expect(problems[0]!.reasons[0]).toMatch(message);
  });

  it('reports every problem of a record, not only the first', () => {
    const [p] = problemsOf({ id: 'x', label: 3, rights: 'http://x.org/', navDate: 'soon', canvases: ['a'] });
    expect(p!.reasons).toHaveLength(3);
    expect(p!.reasons.map((r) => r.split(':')[0])).toEqual(['label', 'rights', 'navDate']);
  });
});

describe('accepted forms are normalised', () => {
  const draft = (v: unknown, language = 'none') => {
    const c = checkEntry({ file: 'f', line: 1 }, v, language);
    if (!c.ok) throw new Error(c.reasons.join('; '));
    return c.draft as ObjectDraft;
  };

  it('plain strings go under the default language, maps stay as given', () => {
    const d = draft({ ...good, summary: { fr: ['Livre'], en: ['Book'] }, metadata: [{ label: 'Date', value: 'c. 1450' }] }, 'en');
    expect(d.label).toEqual({ en: ['Book of hours'] });
    expect(d.record.summary).toEqual({ fr: ['Livre'], en: ['Book'] });
    expect(d.record.metadata).toEqual([{ label: { en: ['Date'] }, value: { en: ['c. 1450'] } }]);
    expect(draft(good).label).toEqual({ none: ['Book of hours'] });
  });

  it.each([
    ['1450', '1450-01-01T00:00:00Z'],
    ['1450-03', '1450-03-01T00:00:00Z'],
    ['1450-03-21', '1450-03-21T00:00:00Z'],
    ['1450-03-21T10:30:00+01:00', '1450-03-21T10:30:00+01:00'],
    ['2024-02-29T00:00:00.5Z', '2024-02-29T00:00:00.5Z'],
  ])('navDate %s → %s', (input, stored) => {
    expect(draft({ ...good, navDate: input }).record.navDate).toBe(stored);
  });

  it.each([
    ['https://creativecommons.org/licenses/by/4.0', 'http://creativecommons.org/licenses/by/4.0/'],
    ['http://creativecommons.org/publicdomain/zero/1.0/', 'http://creativecommons.org/publicdomain/zero/1.0/'],
    ['http://creativecommons.org/licenses/by-nc-sa/3.0/de/', 'http://creativecommons.org/licenses/by-nc-sa/3.0/de/'],
    ['https://rightsstatements.org/vocab/InC-EDU/1.0/', 'http://rightsstatements.org/vocab/InC-EDU/1.0/'],
  ])('rights %s → %s', (input, stored) => {
    expect(draft({ ...good, rights: input }).record.rights).toBe(stored);
  });

  it('collection: given, else the folder of the id, "" at the top', () => {
    expect(draft(good).collection).toBe('mss');
    expect(draft({ ...good, collection: 'other/set' }).collection).toBe('other/set');
    expect(draft({ ...good, id: 'loose' }).collection).toBe('');
  });

  it('canvases: a prefix ending in / is kept for the catalogue to expand', () => {
    expect(draft({ ...good, canvases: 'mss/hours/' }).canvases).toEqual({ prefix: 'mss/hours/' });
  });
});

describe('CSV rows become records', () => {
  it('fixed columns, attribution, images, and every other column as metadata (header = label)', () => {
    const csv = 'id,label,navDate,attribution,images,Date,Creator,Empty\nmss/hours,Book of hours,1450,Bodleian,a;b; c ,c. 1450,Unknown,\n';
    const [entry] = readCsv('r.csv', csv);
    expect(entry).toEqual({
      at: { file: 'r.csv', line: 2 },
      value: {
        id: 'mss/hours',
        label: 'Book of hours',
        navDate: '1450',
        requiredStatement: { label: 'Attribution', value: 'Bodleian' },
        metadata: [{ label: 'Date', value: 'c. 1450' }, { label: 'Creator', value: 'Unknown' }],
        canvases: ['a', 'b', 'c'],
      },
    });
  });

  it('a record spanning lines is reported at its first line', () => {
    const csv = 'id,label\na,"one\ntwo"\nb,x,extra\n';
    const entries = readCsv('r.csv', csv);
    expect(entries.map((e) => e.at.line)).toEqual([2, 4]);
    expect(entries[1]).toEqual({ at: { file: 'r.csv', line: 4 }, error: '3 fields where the header has 2' });
  });

  it('page rows and collection rows are told apart by their header', () => {
    expect(readCsv('p.csv', 'object,position,image,label\nmss/hours,2,,f. 1v\n')[0]).toMatchObject({
      value: { type: 'Page', object: 'mss/hours', position: '2', label: 'f. 1v' },
    });
    expect(readCsv('c.csv', 'collection,label,summary\nmss,Manuscripts,\n')[0]).toMatchObject({ value: { type: 'Collection', name: 'mss', label: 'Manuscripts' } });
    expect(readCsv('x.csv', 'title,author\na,b\n')[0]).toMatchObject({ error: expect.stringMatching(/^unrecognised CSV header/) });
  });
});
