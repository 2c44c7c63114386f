/**
 * Checkers for the fields of an imported record (docs/CATALOGUE.md § Records), each turning an accepted input
 * form into the stored form (src/catalog/record.ts) or throwing FieldError with the reason the user sees.
 * Pure. The rules are Presentation 3.0's (§3.3 descriptive properties; §4.1 language maps).
 */
import type { LabelValue, LanguageMap, LinkedResource, ProviderAgent } from '../../src/catalog/record';
import { MAX_IDENTIFIER_BYTES } from '../../src/iiif/identifier';

export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

const fail = (message: string): never => {
  throw new FieldError(message);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses keys outside `allowed` (a typo like "lable" would otherwise be dropped without a word). */
export function onlyKeys(field: string, v: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(v).filter((k) => !allowed.includes(k));
  if (extra.length > 0) fail(`${field}: unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (allowed: ${allowed.join(', ')})`);
}

export function objectOf(field: string, v: unknown): Record<string, unknown> {
  return isObject(v) ? v : fail(`${field}: expected an object, got ${describe(v)}`);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** C0/C1 controls other than tab, newline and carriage return; lone surrogates cannot be stored as UTF-8. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function text(field: string, v: unknown, { allowEmpty = false } = {}): string {
  if (typeof v !== 'string') return fail(`${field}: expected text, got ${describe(v)}`);
  if (!allowEmpty && v.trim() === '') fail(`${field}: empty`);
  if (CONTROL.test(v)) fail(`${field}: contains a control character`);
  if (LONE_SURROGATE.test(v)) fail(`${field}: not well-formed Unicode (a lone surrogate)`);
  return v;
}

/** BCP 47 language tag (the shape, not the registry), or "none" (Presentation 3.0 §4.1). */
const LANGUAGE = /^(none|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)$/;

/** A language map as given, or a plain string stored under `language` (the configured default, else "none"). */
export function languageMap(field: string, v: unknown, language: string): LanguageMap {
  if (typeof v === 'string') return { [language]: [text(field, v)] };
  if (!isObject(v)) return fail(`${field}: malformed language map: expected text or {"language": ["text", …]}, got ${describe(v)}`);
  const entries = Object.entries(v);
  if (entries.length === 0) fail(`${field}: malformed language map: no language`);
  const out: Record<string, string[]> = {};
  for (const [lang, values] of entries) {
    if (!LANGUAGE.test(lang)) fail(`${field}: malformed language map: "${lang}" is not a language tag (BCP 47, or "none")`);
    if (!Array.isArray(values) || values.length === 0) fail(`${field}: malformed language map: "${lang}" must be a non-empty list of strings`);
    out[lang] = (values as unknown[]).map((s, i) => text(`${field}.${lang}[${i}]`, s));
  }
  return out;
}

export function labelValue(field: string, v: unknown, language: string): LabelValue {
  const o = objectOf(field, v);
  onlyKeys(field, o, ['label', 'value']);
  if (o['label'] === undefined || o['value'] === undefined) fail(`${field}: needs both "label" and "value"`);
  return { label: languageMap(`${field}.label`, o['label'], language), value: languageMap(`${field}.value`, o['value'], language) };
}

/** One value or a list of them → a list. */
export function listOf<T>(field: string, v: unknown, item: (field: string, v: unknown) => T): T[] {
  const items = Array.isArray(v) ? v : [v];
  if (items.length === 0) fail(`${field}: empty list`);
  return items.map((x, i) => item(Array.isArray(v) ? `${field}[${i}]` : field, x));
}

export function httpUrl(field: string, v: unknown): string {
  const s = text(field, v);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail(`${field}: not a URL: ${describe(s)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${field}: only http and https URLs, got ${describe(s)}`);
  return s;
}

/** `"https://…"` or `{"id", "label"?, "format"?, "profile"?}` (homepage, seeAlso). */
export function linked(field: string, v: unknown, language: string): LinkedResource {
  if (typeof v === 'string') return { id: httpUrl(field, v) };
  const o = objectOf(field, v);
  onlyKeys(field, o, ['id', 'label', 'format', 'profile']);
  return {
    id: httpUrl(`${field}.id`, o['id']),
    ...(o['label'] !== undefined ? { label: languageMap(`${field}.label`, o['label'], language) } : {}),
    ...(o['format'] !== undefined ? { format: text(`${field}.format`, o['format']) } : {}),
    ...(o['profile'] !== undefined ? { profile: text(`${field}.profile`, o['profile']) } : {}),
  };
}

export function provider(field: string, v: unknown, language: string): ProviderAgent {
  const o = objectOf(field, v);
  onlyKeys(field, o, ['label', 'homepage', 'logo']);
  if (o['label'] === undefined) fail(`${field}: needs a "label"`);
  return {
    label: languageMap(`${field}.label`, o['label'], language),
    ...(o['homepage'] !== undefined ? { homepage: httpUrl(`${field}.homepage`, o['homepage']) } : {}),
    ...(o['logo'] !== undefined ? { logo: httpUrl(`${field}.logo`, o['logo']) } : {}),
  };
}

const CC = /^creativecommons\.org\/(licenses\/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)\/\d\.\d(\/[a-z]{2})?|publicdomain\/(zero|mark)\/1\.0)\/$/;
const RS = /^rightsstatements\.org\/vocab\/(InC|InC-OW-EU|InC-EDU|InC-NC|InC-RUU|NoC-CR|NoC-NC|NoC-OKLR|NoC-US|CNE|UND|NKC)\/1\.0\/$/;

/**
 * Presentation 3.0 §3.3.1 rights: one Creative Commons licence or RightsStatements.org statement. Stored in
 * the http:// form with its trailing slash, the only form the official validator's schema accepts.
 */
export function rights(field: string, v: unknown): string {
  const s = text(field, v).trim();
  const bare = s.replace(/^https?:\/\//, '').replace(/\/?$/, '/');
  if (!/^https?:\/\//.test(s) || !(CC.test(bare) || RS.test(bare))) {
    fail(`${field}: ${describe(s)} is not a Creative Commons licence or RightsStatements.org statement URI (e.g. http://creativecommons.org/licenses/by/4.0/, http://rightsstatements.org/vocab/InC/1.0/)`);
  }
  return `http://${bare}`;
}

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const SHORT_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * navDate (Presentation 3.0 §3.3.1): xsd:dateTime with a time zone. A year, year-month or date (what
 * archivists write) means its first instant in UTC: "1450" → 1450-01-01T00:00:00Z.
 */
export function navDate(field: string, v: unknown): string {
  const s = text(field, v).trim();
  const full = FULL_DATE.exec(s);
  const short = full ? null : SHORT_DATE.exec(s);
  if (!full && !short) return fail(`${field}: ${describe(s)} is not a date (1450, 1450-03, 1450-03-21 or 1450-03-21T00:00:00Z, with a zone)`);
  const m = (full ?? short)!;
  const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) fail(`${field}: ${describe(s)} is not a calendar date`);
  if (full && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59 || Number(m[9] ?? 0) > 14 || Number(m[10] ?? 0) > 59)) {
    fail(`${field}: ${describe(s)} is not a valid time of day or zone`);
  }
  if (full) return s;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`;
}

/**
 * An identifier (object, image or collection name): the rules the Worker applies to a request's identifier
 * (src/iiif/identifier.ts), so anything imported can also be asked for: no empty, "." or ".." segments, no
 * control characters or backslashes, at most 512 bytes.
 */
export function identifier(field: string, v: unknown): string {
  const s = text(field, v);
  if (new TextEncoder().encode(s).length > MAX_IDENTIFIER_BYTES) fail(`${field}: longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(s)) fail(`${field}: ${describe(s)} contains a control character or a backslash`);
  if (s.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) fail(`${field}: ${describe(s)} has an empty, "." or ".." segment`);
  return s;
}

export function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  const s = text(field, v);
  return (allowed as readonly string[]).includes(s) ? (s as T) : fail(`${field}: ${describe(s)} is not one of ${allowed.join(', ')}`);
}

export function positiveInteger(field: string, v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : fail(`${field}: expected a positive whole number, got ${describe(v)}`);
}
