/**
 * Import files → entries, each with the file and line it came from: JSON Lines (one record a line), a JSON
 * array, or CSV (csv-parse; docs/CATALOGUE.md § CSV). A CSV row is turned into the JSON record shape here,
 * so one validator checks everything. A file whose syntax cannot be trusted past a point (broken CSV quoting,
 * invalid JSON array) is one error for the whole file: nothing of it is imported, even with --skip-invalid.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { JsonInputError, parseStrictJson, type ElementSpan } from './json-guard';

export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

export type InputEntry =
  | { readonly at: SourceRef; readonly value: unknown }
  | { readonly at: SourceRef; readonly error: string };

export const where = (at: SourceRef): string => `${at.file}:${at.line}`;

export async function readInputFile(file: string): Promise<InputEntry[]> {
  const text = stripBom(await readFile(file, 'utf8'));
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return readCsv(file, text);
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return readJson(file, text);
  return [{ at: { file, line: 1 }, error: `unknown file type "${ext}" (use .csv, .json, .jsonl or .ndjson)` }];
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A JSON array when the text starts with `[`, else JSON Lines (which also covers one object per file). */
export function readJson(file: string, text: string): InputEntry[] {
  if (/^\s*\[/.test(text)) {
    const elements: ElementSpan[] = [];
    let values: unknown;
    try {
      values = parseStrictJson(text, 1, elements);
    } catch (err) {
      if (err instanceof JsonInputError) return [{ at: { file, line: err.line }, error: err.message }];
      throw err;
    }
    return (values as unknown[]).map((value, i) => ({ at: { file, line: elements[i]?.line ?? 1 }, value }));
  }
  const out: InputEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const at = { file, line: i + 1 };
    try {
      out.push({ at, value: parseStrictJson(line, i + 1) });
    } catch (err) {
      if (!(err instanceof JsonInputError)) throw err;
      out.push({ at, error: err.message });
    }
  }
  return out;
}

/** The three CSV shapes, told apart by their header. */
type CsvShape = 'objects' | 'pages' | 'collections';

const OBJECT_COLUMNS = new Set(['id', 'collection', 'label', 'summary', 'navDate', 'rights', 'attribution', 'images']);

function shapeOf(header: readonly string[]): CsvShape | null {
  const has = (name: string) => header.includes(name);
  if (has('id')) return 'objects';
  if (has('object') && has('position')) return 'pages';
  if (has('collection') && has('label')) return 'collections';
  return null;
}

interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

export function readCsv(file: string, text: string): InputEntry[] {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { bom: true, info: true, raw: true, skip_empty_lines: true, relax_column_count: true }) as unknown as CsvRow[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return [{ at: { file, line: e.lines ?? 1 }, error: `CSV syntax: ${e.message.replace(/ at line \d+/, '')}; nothing in this file was imported` }];
  }
  if (rows.length === 0) return [];
  const header = rows[0]!.record.map((h) => h.trim());
  const shape = shapeOf(header);
  if (!shape) {
    return [{ at: { file, line: 1 }, error: 'unrecognised CSV header: expected an "id" column (records), "object" and "position" (pages), or "collection" and "label" (collections)' }];
  }
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate !== undefined) return [{ at: { file, line: 1 }, error: `CSV header names column "${duplicate}" twice` }];
  const out: InputEntry[] = [];
  for (const row of rows.slice(1)) {
    const at = { file, line: row.info.lines - (row.raw.replace(/\r?\n$/, '').split('\n').length - 1) };
    if (row.record.length !== header.length) {
      out.push({ at, error: `${row.record.length} fields where the header has ${header.length}` });
      continue;
    }
    const cells = new Map<string, string>();
    header.forEach((h, i) => cells.set(h, row.record[i]!.trim()));
    out.push({ at, value: shape === 'objects' ? objectRow(header, cells) : shape === 'pages' ? pageRow(cells) : collectionRow(cells) });
  }
  return out;
}

/** A record row: the fixed columns, then every other non-empty cell as a metadata pair (header = label). */
function objectRow(header: readonly string[], cells: Map<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const cell = (name: string) => {
    const v = cells.get(name);
    return v === undefined || v === '' ? undefined : v;
  };
  for (const name of ['id', 'collection', 'label', 'summary', 'navDate', 'rights'] as const) {
    if (cell(name) !== undefined) value[name] = cell(name);
  }
  const attribution = cell('attribution');
  if (attribution !== undefined) value['requiredStatement'] = { label: 'Attribution', value: attribution };
  const metadata = header.filter((h) => !OBJECT_COLUMNS.has(h) && cell(h) !== undefined).map((h) => ({ label: h, value: cell(h) }));
  if (metadata.length > 0) value['metadata'] = metadata;
  const images = cell('images');
  if (images !== undefined) {
    // A prefix ending in "/" stands for every registered image under it (resolved against the catalogue).
    value['canvases'] = images.endsWith('/') ? images : images.split(';').map((s) => s.trim()).filter((s) => s !== '');
  }
  return value;
}

function pageRow(cells: Map<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = { type: 'Page', object: cells.get('object') ?? '', position: cells.get('position') ?? '' };
  if (cells.get('image')) value['image'] = cells.get('image');
  if (cells.get('label')) value['label'] = cells.get('label');
  return value;
}

function collectionRow(cells: Map<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = { type: 'Collection', name: cells.get('collection') ?? '' };
  if (cells.get('label')) value['label'] = cells.get('label');
  if (cells.get('summary')) value['summary'] = cells.get('summary');
  return value;
}
