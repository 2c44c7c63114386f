/**
 * One imported entry → a draft: an object record, a collection, or a page row (docs/CATALOGUE.md § Records).
 * Every field is checked and every problem is reported (not only the first), each with its field name; the
 * catalogue is not consulted here (images and prefixes are resolved in resolve.ts). Pure.
 */
import type { Behavior, LanguageMap, StoredRecord, Structure, ViewingDirection } from '../../src/catalog/record';
import {
  FieldError,
  describe,
  identifier,
  labelValue,
  languageMap,
  linked,
  listOf,
  navDate,
  objectOf,
  oneOf,
  onlyKeys,
  positiveInteger,
  provider,
  rights,
  text,
} from './fields';
import type { SourceRef } from './read-input';

export type CanvasDraft = { readonly image: string; readonly label: LanguageMap | null };

export interface ObjectDraft {
  readonly kind: 'object';
  readonly at: SourceRef;
  readonly id: string;
  readonly collection: string;
  readonly label: LanguageMap;
  readonly thumbnail: string | null;
  /** A list, a prefix (every registered image under it), or null when the record names none (pages may). */
  readonly canvases: readonly CanvasDraft[] | { readonly prefix: string } | null;
  readonly record: StoredRecord;
}

export interface CollectionDraft {
  readonly kind: 'collection';
  readonly at: SourceRef;
  readonly name: string;
  readonly label: LanguageMap;
  readonly summary: LanguageMap | null;
}

export interface PageDraft {
  readonly kind: 'page';
  readonly at: SourceRef;
  readonly object: string;
  readonly position: number;
  readonly image: string | null;
  readonly label: LanguageMap | null;
}

export type Draft = ObjectDraft | CollectionDraft | PageDraft;

export type Checked = { readonly ok: true; readonly draft: Draft } | { readonly ok: false; readonly at: SourceRef; readonly reasons: readonly string[] };

/** Largest stored record (label + record JSON): well inside D1's statement and row limits on every path. */
export const MAX_RECORD_BYTES = 40_000;
export const MAX_CANVASES = 10_000;
const MAX_STRUCTURE_DEPTH = 8;

const BEHAVIORS: readonly Behavior[] = ['paged', 'individuals', 'continuous', 'unordered', 'facing-pages', 'non-paged'];
const DIRECTIONS: readonly ViewingDirection[] = ['left-to-right', 'right-to-left', 'top-to-bottom', 'bottom-to-top'];

const OBJECT_FIELDS = [
  'type', 'id', 'collection', 'label', 'summary', 'metadata', 'rights', 'requiredStatement', 'provider', 'navDate', 'behavior',
  'viewingDirection', 'homepage', 'seeAlso', 'thumbnail', 'canvases', 'structures',
] as const;

/** The collection an object belongs to when its record names none: the folder part of its id ('' = top). */
export function folderOf(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? '' : id.slice(0, slash);
}

/** Collects every field's error instead of stopping at the first. */
class Reasons {
  readonly list: string[] = [];
  take<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      this.list.push(err.message);
      return undefined;
    }
  }
}

export function checkEntry(at: SourceRef, value: unknown, language: string): Checked {
  const reasons = new Reasons();
  const draft = reasons.take(() => {
    const o = objectOf('record', value);
    const type = o['type'];
    if (type === 'Collection') return collection(at, o, language, reasons);
    if (type === 'Page') return page(at, o, language, reasons);
    if (type !== undefined && type !== 'Manifest') throw new FieldError(`type: must be absent, "Manifest", "Collection" or "Page", got ${describe(type)}`);
    return object(at, o, language, reasons);
  });
  if (reasons.list.length > 0 || !draft) return { ok: false, at, reasons: reasons.list.length > 0 ? reasons.list : ['invalid record'] };
  return { ok: true, draft };
}

function object(at: SourceRef, o: Record<string, unknown>, lang: string, r: Reasons): ObjectDraft | undefined {
  r.take(() => onlyKeys('record', o, OBJECT_FIELDS));
  const id = r.take(() => identifier('id', o['id']));
  // "" is the top collection (what an id without a folder belongs to); export writes it that way.
  const collection =
    o['collection'] === undefined ? (id === undefined ? undefined : folderOf(id)) : o['collection'] === '' ? '' : r.take(() => identifier('collection', o['collection']));
  const label = o['label'] === undefined ? (r.list.push('label: missing (every object needs a label)'), undefined) : r.take(() => languageMap('label', o['label'], lang));
  const thumbnail = o['thumbnail'] === undefined ? null : r.take(() => identifier('thumbnail', o['thumbnail']));
  const canvases = o['canvases'] === undefined ? null : r.take(() => canvasList(o['canvases'], lang));
  const record: Record<string, unknown> = {};
  const put = (key: keyof StoredRecord, check: () => unknown) => {
    if (o[key] === undefined) return;
    const v = r.take(check);
    if (v !== undefined) record[key] = v;
  };
  put('summary', () => languageMap('summary', o['summary'], lang));
  put('metadata', () => listOf('metadata', o['metadata'], (f, v) => labelValue(f, v, lang)));
  put('rights', () => rights('rights', o['rights']));
  put('requiredStatement', () => labelValue('requiredStatement', o['requiredStatement'], lang));
  put('provider', () => listOf('provider', o['provider'], (f, v) => provider(f, v, lang)));
  put('navDate', () => navDate('navDate', o['navDate']));
  put('behavior', () => listOf('behavior', o['behavior'], (f, v) => oneOf(f, v, BEHAVIORS)));
  put('viewingDirection', () => oneOf('viewingDirection', o['viewingDirection'], DIRECTIONS));
  put('homepage', () => listOf('homepage', o['homepage'], (f, v) => linked(f, v, lang)));
  put('seeAlso', () => listOf('seeAlso', o['seeAlso'], (f, v) => linked(f, v, lang)));
  put('structures', () => listOf('structures', o['structures'], (f, v) => structure(f, v, lang, 1)));
  if (r.list.length > 0 || id === undefined || collection === undefined || label === undefined || thumbnail === undefined || canvases === undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(label) + JSON.stringify(record));
  if (bytes > MAX_RECORD_BYTES) {
    r.list.push(`record too large: ${bytes.toLocaleString('en')} bytes stored, at most ${MAX_RECORD_BYTES.toLocaleString('en')} (canvases not counted)`);
    return undefined;
  }
  return { kind: 'object', at, id, collection, label, thumbnail, canvases, record: record as StoredRecord };
}

/** `["img", {"image": "img", "label": "f. 1r"}, …]`, or `"prefix/"` for every registered image under it. */
function canvasList(v: unknown, lang: string): readonly CanvasDraft[] | { prefix: string } {
  if (typeof v === 'string' && v.endsWith('/')) return { prefix: identifier('canvases', v.slice(0, -1)) + '/' };
  if (!Array.isArray(v)) throw new FieldError(`canvases: expected a list of images or a prefix ending in "/", got ${describe(v)}`);
  if (v.length === 0) throw new FieldError('canvases: empty list (an object needs at least one page)');
  if (v.length > MAX_CANVASES) throw new FieldError(`canvases: ${v.length} pages, at most ${MAX_CANVASES}`);
  return v.map((c, i) => {
    const f = `canvases[${i}]`;
    if (typeof c === 'string') return { image: identifier(f, c), label: null };
    const o = objectOf(f, c);
    onlyKeys(f, o, ['image', 'label']);
    return { image: identifier(`${f}.image`, o['image']), label: o['label'] === undefined ? null : languageMap(`${f}.label`, o['label'], lang) };
  });
}

function structure(field: string, v: unknown, lang: string, depth: number): Structure {
  if (depth > MAX_STRUCTURE_DEPTH) throw new FieldError(`${field}: ranges nested deeper than ${MAX_STRUCTURE_DEPTH}`);
  const o = objectOf(field, v);
  onlyKeys(field, o, ['label', 'items']);
  if (!Array.isArray(o['items']) || o['items'].length === 0) throw new FieldError(`${field}.items: expected a non-empty list of page numbers or ranges`);
  return {
    label: languageMap(`${field}.label`, o['label'], lang),
    items: o['items'].map((item, i) =>
      typeof item === 'number' ? positiveInteger(`${field}.items[${i}]`, item) : structure(`${field}.items[${i}]`, item, lang, depth + 1),
    ),
  };
}

function collection(at: SourceRef, o: Record<string, unknown>, lang: string, r: Reasons): CollectionDraft | undefined {
  r.take(() => onlyKeys('collection record', o, ['type', 'name', 'label', 'summary']));
  const name = r.take(() => identifier('name', o['name']));
  const label = r.take(() => languageMap('label', o['label'], lang));
  const summary = o['summary'] === undefined ? null : r.take(() => languageMap('summary', o['summary'], lang));
  if (r.list.length > 0 || name === undefined || label === undefined || summary === undefined) return undefined;
  return { kind: 'collection', at, name, label, summary };
}

function page(at: SourceRef, o: Record<string, unknown>, lang: string, r: Reasons): PageDraft | undefined {
  r.take(() => onlyKeys('page', o, ['type', 'object', 'position', 'image', 'label']));
  const object = r.take(() => identifier('object', o['object']));
  const position = r.take(() => positiveInteger('position', o['position']));
  const image = o['image'] === undefined ? null : r.take(() => identifier('image', o['image']));
  const label = o['label'] === undefined ? null : r.take(() => languageMap('label', o['label'], lang));
  if (r.list.length > 0 || object === undefined || position === undefined || image === undefined || label === undefined) return undefined;
  return { kind: 'page', at, object, position, image, label };
}

/** Positions in a structure beyond the object's pages (checked once the pages are known). */
export function structureProblems(structures: readonly Structure[] | undefined, pages: number): string[] {
  const out: string[] = [];
  const walk = (s: Structure, path: string) =>
    s.items.forEach((item, i) => {
      if (typeof item === 'number') {
        if (item > pages) out.push(`${path}.items[${i}]: page ${item} does not exist (the object has ${pages})`);
      } else walk(item, `${path}.items[${i}]`);
    });
  structures?.forEach((s, i) => walk(s, `structures[${i}]`));
  return out;
}
