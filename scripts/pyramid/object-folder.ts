/**
 * `build-pyramid FOLDER --object [--prefix P]`: a folder of pages as one object (docs/CATALOGUE.md § Objects
 * from the builder). The object's id is P + the folder's name, each page is the image `{object id}/{file name
 * without extension}`, pages in natural order (1, 2, 10); the record is FOLDER/object.json (the import's JSON
 * shape without id and canvases) when present, else a record labelled with the folder's name. The record
 * goes through the importer, so it is checked and written exactly like an imported one.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { compareNatural } from '../../src/catalog/natural-order';
import type { InputEntry } from '../catalog/read-input';
import { safeSegment } from './identifiers';
import type { InputResult } from './results';

/** The object's id: the prefix ('' or 'coll/') and the folder's name made identifier-safe. */
export function objectIdFor(folder: string, prefix: string): string {
  return `${prefix}${safeSegment(basename(resolve(folder)))}`;
}

/** The record entry for the object, from object.json or the folder's name, with the pages built. */
export async function objectRecordEntry(folder: string, objectId: string, results: readonly InputResult[]): Promise<InputEntry> {
  const file = join(folder, 'object.json');
  const pages = results
    .filter((r) => (r.status === 'built' || r.status === 'skipped') && r.id)
    .map((r) => r.id!)
    .sort(compareNatural);
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === null) return { at: { file: folder, line: 1 }, value: { id: objectId, label: basename(resolve(folder)), canvases: pages } };
  const { parseStrictJson, JsonInputError } = await import('../catalog/json-guard');
  let given: unknown;
  try {
    given = parseStrictJson(text);
  } catch (err) {
    if (err instanceof JsonInputError) return { at: { file, line: err.line }, error: err.message };
    throw err;
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return { at: { file, line: 1 }, error: 'object.json must hold one JSON object' };
  const record = given as Record<string, unknown>;
  for (const key of ['id', 'canvases']) {
    if (key in record) return { at: { file, line: 1 }, error: `object.json: "${key}" comes from the folder, leave it out` };
  }
  return { at: { file, line: 1 }, value: { id: objectId, ...record, canvases: pages } };
}
