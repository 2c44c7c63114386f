/**
 * Catalogue fixtures for the workerd tests: one book object ("mss/hours", three pages on two pyramid fixtures)
 * with every record property, written into the test file's local D1 (migrations applied by setup-d1.ts) and its
 * pyramids into the local R2; plus checks of Presentation 3.0's rules shared by the manifest tests.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { StoredRecord } from '../../src/catalog/record';
import { collectionRow, imageRow, objectRows, runRows, text, type Statement, type TestObject } from './catalog-rows';
import { seed } from './worker-fixtures';

export const BOOK_RECORD: StoredRecord = {
  summary: { en: ['A book of hours, use of Rome.'], fr: ["Un livre d'heures."] },
  metadata: [
    { label: { en: ['Date'] }, value: { none: ['c. 1450'] } },
    { label: { en: ['Material'] }, value: { en: ['Parchment'] } },
  ],
  rights: 'http://creativecommons.org/licenses/by/4.0/',
  requiredStatement: { label: { en: ['Attribution'] }, value: { en: ['Example Library'] } },
  provider: [{ label: { en: ['Example Library'] }, homepage: 'https://library.example.org/', logo: 'https://library.example.org/logo.png' }],
  navDate: '1450-01-01T00:00:00Z',
  behavior: ['paged'],
  viewingDirection: 'left-to-right',
  homepage: [{ id: 'https://catalogue.example.org/123' }],
  seeAlso: [{ id: 'https://catalogue.example.org/123.xml', format: 'text/xml', profile: 'http://www.loc.gov/mods/v3' }],
  structures: [
    { label: { en: ['Calendar'] }, items: [1, 2] },
    { label: { en: ['Hours'] }, items: [{ label: { en: ['Matins'] }, items: [3] }] },
  ],
};

/** Pages: image id → fixture (chart is 1000×700, gray 600×900). */
export const BOOK_PAGES = [
  { image: 'mss/hours/001', fixture: 'chart', width: 1000, height: 700, label: 'f. 1r' },
  { image: 'mss/hours/002', fixture: 'gray', width: 600, height: 900, label: 'f. 1v' },
  { image: 'mss/hours/010', fixture: 'chart', width: 1000, height: 700, label: 'f. 2r' },
] as const;

export const BOOK: TestObject = {
  id: 'mss/hours',
  collection: 'mss',
  label: { en: ['Book of hours'] },
  record: BOOK_RECORD,
  updatedAt: '2026-12-01T10:00:00Z',
  canvases: BOOK_PAGES.map((p) => ({ image: p.image, label: text(p.label) })),
};

export async function run(statements: readonly Statement[]): Promise<void> {
  await runRows(env.CATALOG, statements);
}

/** The book's pyramids in R2, their facts, the collection `mss` and the object. */
export async function seedBook(): Promise<void> {
  await Promise.all(BOOK_PAGES.map((p) => seed(p.fixture, p.image)));
  await run([
    ...BOOK_PAGES.map((p) => imageRow({ id: p.image, width: p.width, height: p.height, etag: `etag-${p.image}` })),
    collectionRow({ name: 'mss', parent: null, label: { en: ['Manuscripts'] } }),
    ...objectRows(BOOK),
  ]);
}

type Json = Record<string, unknown>;

/** Presentation 3.0 §4.1: a language map is an object of language → array of strings. */
export function expectLanguageMap(value: unknown, where: string): void {
  expect(value, where).toBeTypeOf('object');
  const entries = Object.entries(value as Json);
  expect(entries.length, `${where}: at least one language`).toBeGreaterThan(0);
  for (const [lang, strings] of entries) {
    expect(lang, where).toMatch(/^(none|[a-z]{2,3}(-[A-Za-z0-9]+)*)$/);
    expect(Array.isArray(strings) && strings.every((s) => typeof s === 'string'), `${where}.${lang}`).toBe(true);
  }
}

/**
 * The rules of Presentation 3.0 a manifest must follow (§3 required properties by type, §3.3.1 rights, §4.1
 * language maps, §5.3 canvases with width and height, painting annotations targeting their canvas).
 */
export function expectValidManifest(doc: Json): void {
  const ctx = doc['@context'];
  const contexts = Array.isArray(ctx) ? ctx : [ctx];
  expect(contexts[contexts.length - 1], 'the Presentation context comes last').toBe('http://iiif.io/api/presentation/3/context.json');
  expect(doc['type']).toBe('Manifest');
  expect(doc['id']).toMatch(/^https?:\/\//);
  expectLanguageMap(doc['label'], 'label');
  if (doc['summary'] !== undefined) expectLanguageMap(doc['summary'], 'summary');
  for (const [i, m] of ((doc['metadata'] as Json[] | undefined) ?? []).entries()) {
    expectLanguageMap(m['label'], `metadata[${i}].label`);
    expectLanguageMap(m['value'], `metadata[${i}].value`);
  }
  if (doc['requiredStatement'] !== undefined) {
    expectLanguageMap((doc['requiredStatement'] as Json)['label'], 'requiredStatement.label');
    expectLanguageMap((doc['requiredStatement'] as Json)['value'], 'requiredStatement.value');
  }
  if (doc['rights'] !== undefined) {
    expect(doc['rights']).toMatch(/^http:\/\/(creativecommons\.org\/(licenses|publicdomain)\/|rightsstatements\.org\/vocab\/)/);
  }
  if (doc['navDate'] !== undefined) expect(doc['navDate']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  for (const p of (doc['provider'] as Json[] | undefined) ?? []) {
    expect(p['type']).toBe('Agent');
    expect(p['id']).toMatch(/^https?:\/\//);
    expectLanguageMap(p['label'], 'provider.label');
  }
  for (const h of (doc['homepage'] as Json[] | undefined) ?? []) {
    expect(h).toMatchObject({ type: 'Text' });
    expectLanguageMap(h['label'], 'homepage.label');
  }
  const items = doc['items'] as Json[];
  expect(items.length).toBeGreaterThan(0);
  const ids = new Set<string>();
  for (const canvas of items) {
    expect(canvas['type']).toBe('Canvas');
    expect(canvas['id']).toMatch(/^https?:\/\/[^#]*$/);
    expect(ids.has(canvas['id'] as string), 'canvas ids are unique').toBe(false);
    ids.add(canvas['id'] as string);
    expect(Number.isInteger(canvas['width']) && Number.isInteger(canvas['height'])).toBe(true);
    if (canvas['label'] !== undefined) expectLanguageMap(canvas['label'], 'canvas.label');
    const page = (canvas['items'] as Json[])[0]!;
    expect(page['type']).toBe('AnnotationPage');
    const anno = (page['items'] as Json[])[0]!;
    expect(anno).toMatchObject({ type: 'Annotation', motivation: 'painting', target: canvas['id'] });
    expect((anno['body'] as Json)['type']).toBe('Image');
  }
  for (const r of (doc['structures'] as Json[] | undefined) ?? []) expectValidRange(r, ids);
}

function expectValidRange(range: Json, canvasIds: ReadonlySet<string>): void {
  expect(range['type']).toBe('Range');
  expectLanguageMap(range['label'], 'range.label');
  for (const item of range['items'] as Json[]) {
    if (item['type'] === 'Canvas') expect(canvasIds.has(item['id'] as string), `range item ${String(item['id'])} is a canvas`).toBe(true);
    else expectValidRange(item, canvasIds);
  }
}
