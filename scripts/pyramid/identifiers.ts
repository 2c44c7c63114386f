/**
 * Identifiers from master file names (docs/ARCHITECTURE.md §1): the name without its extension, made ASCII-safe so it
 * needs no escaping in a IIIF URL path segment, optionally placed in a collection by a prefix
 * (`coll/`). The storage key follows the Worker's KEY_TEMPLATE (default `{id}.tif`).
 */
import { basename, extname } from 'node:path';

/** Letters NFKD does not decompose into ASCII plus a mark. */
const TRANSLITERATE: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D',
};

/** An ASCII-safe identifier segment: letters, digits, `.`, `_`, `-`; never empty, never dots only. */
export function safeSegment(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/g, (c) => TRANSLITERATE[c] ?? '-');
  const safe = ascii
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return safe === '' ? 'image' : safe;
}

/** The identifier (without prefix) for a master file: its name without the extension, made safe. */
export function identifierFor(path: string): string {
  const name = basename(path);
  return safeSegment(name.slice(0, name.length - extname(name).length) || name);
}

/** Checks and normalises a collection prefix: safe segments joined by `/`, ending in `/` ('' for none). */
export function normalisePrefix(prefix: string): string {
  if (prefix === '') return '';
  const segments = prefix.replace(/\/+$/, '').split('/');
  for (const s of segments) {
    if (s === '' || s !== safeSegment(s)) throw new Error(`prefix segment "${s}" is not ASCII-safe (A-Z a-z 0-9 . _ -)`);
  }
  return `${segments.join('/')}/`;
}

/** Storage key of an identifier by the Worker's template (the `{id}` placeholder, docs/ARCHITECTURE.md §1). */
export function storageKey(id: string, template = '{id}.tif'): string {
  return template.replace('{id}', id);
}
