/**
 * Parses the COLLECTIONS variable (JSON in wrangler.toml [vars]) into policies. Shape:
 * `{"default":"open","collections":{"private/":{"policy":"restricted","allow":{"emails":[…],"domains":[…],
 * "groups":[…]},"records":"open"},"tiered/":{"policy":"tiered","maxSize":1000,"allow":{…}}}}`.
 * Anything unexpected is a ConfigError naming the exact place, so a typo stops the Worker at start
 * instead of silently opening a collection.
 */
import { ConfigError } from '../config';
import type { Allow, Policy } from './types';

const TOP_KEYS = ['default', 'collections'];
const POLICY_KEYS = ['policy', 'allow', 'maxSize', 'records'];
const ALLOW_KEYS = ['emails', 'domains', 'groups'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function noUnknownKeys(where: string, obj: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(obj).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(`COLLECTIONS ${where}: unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}`);
  }
}

function stringList(where: string, raw: unknown, check: (s: string) => boolean, what: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ConfigError(`COLLECTIONS ${where} must be an array of ${what}`);
  return raw.map((v, i) => {
    if (typeof v !== 'string' || !check(v.trim())) {
      throw new ConfigError(`COLLECTIONS ${where}[${i}] is not ${what}: ${JSON.stringify(v)}`);
    }
    return v.trim().toLowerCase();
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]+$/i;

function parseAllow(where: string, raw: unknown): Allow {
  if (raw === undefined) throw new ConfigError(`COLLECTIONS ${where}: "allow" is required`);
  if (!isObject(raw)) throw new ConfigError(`COLLECTIONS ${where}.allow must be an object`);
  noUnknownKeys(`${where}.allow`, raw, ALLOW_KEYS);
  const allow: Allow = Object.freeze({
    emails: Object.freeze(stringList(`${where}.allow.emails`, raw['emails'], (s) => EMAIL.test(s), 'an email')),
    domains: Object.freeze(
      stringList(`${where}.allow.domains`, raw['domains'], (s) => DOMAIN.test(s), 'a domain (no "@")'),
    ),
    // Group names are compared exactly as Access/the IdP spells them, but case-insensitively.
    groups: Object.freeze(stringList(`${where}.allow.groups`, raw['groups'], (s) => s.length > 0, 'a group name')),
  });
  if (allow.emails.length + allow.domains.length + allow.groups.length === 0) {
    throw new ConfigError(`COLLECTIONS ${where}.allow is empty: nobody could ever see this collection`);
  }
  return allow;
}

function parsePolicy(where: string, collection: string, raw: unknown): Policy {
  const obj = typeof raw === 'string' ? { policy: raw } : raw;
  if (!isObject(obj)) throw new ConfigError(`COLLECTIONS ${where} must be a policy name or an object`);
  noUnknownKeys(where, obj, POLICY_KEYS);
  const kind = obj['policy'];
  const records = obj['records'];
  // Records (catalogue metadata) can be published apart from the images only where they would be hidden.
  if (records !== undefined && kind !== 'restricted') {
    throw new ConfigError(`COLLECTIONS ${where}: "records" is only for restricted collections (their records are hidden by default)`);
  }
  if (records !== undefined && records !== 'open' && records !== 'restricted') {
    throw new ConfigError(`COLLECTIONS ${where}.records must be "open" or "restricted", got ${JSON.stringify(records)}`);
  }
  if (kind === 'open') {
    if (obj['allow'] !== undefined || obj['maxSize'] !== undefined) {
      throw new ConfigError(`COLLECTIONS ${where}: an open collection takes no "allow" or "maxSize"`);
    }
    return Object.freeze({ kind, collection });
  }
  if (kind === 'restricted') {
    if (obj['maxSize'] !== undefined) throw new ConfigError(`COLLECTIONS ${where}: "maxSize" is only for tiered`);
    const allow = parseAllow(where, obj['allow']);
    return Object.freeze(records === 'open' ? { kind, collection, allow, records } : { kind, collection, allow });
  }
  if (kind === 'tiered') {
    const maxSize = obj['maxSize'];
    if (typeof maxSize !== 'number' || !Number.isInteger(maxSize) || maxSize <= 0) {
      throw new ConfigError(`COLLECTIONS ${where}.maxSize must be a positive integer, got ${JSON.stringify(maxSize)}`);
    }
    return Object.freeze({ kind, collection, maxSize, allow: parseAllow(where, obj['allow']) });
  }
  throw new ConfigError(
    `COLLECTIONS ${where}: unknown policy ${JSON.stringify(kind)} (expected "open", "restricted" or "tiered")`,
  );
}

/** A prefix is the start of an identifier up to and including a folder separator: `private/`, `a/b/`. */
function checkPrefix(prefix: string): void {
  if (!prefix.endsWith('/')) throw new ConfigError(`COLLECTIONS prefix "${prefix}" must end with "/"`);
  if (prefix.startsWith('/') || prefix.split('/').slice(0, -1).some((s) => s === '' || s === '.' || s === '..')) {
    throw new ConfigError(`COLLECTIONS prefix "${prefix}" has an empty, "." or ".." segment`);
  }
}

export interface ParsedCollections {
  readonly defaultPolicy: Policy;
  /** Longest prefix first. */
  readonly collections: readonly Policy[];
}

const ALL_OPEN: ParsedCollections = Object.freeze({
  defaultPolicy: Object.freeze({ kind: 'open', collection: 'default' }),
  collections: Object.freeze([]),
});

export function parseCollections(raw: string | undefined): ParsedCollections {
  if (raw === undefined || raw.trim() === '') return ALL_OPEN;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`COLLECTIONS is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(json)) throw new ConfigError('COLLECTIONS must be a JSON object');
  noUnknownKeys('(top level)', json, TOP_KEYS);
  const defaultPolicy =
    json['default'] === undefined ? ALL_OPEN.defaultPolicy : parsePolicy('default', 'default', json['default']);
  const rawCollections = json['collections'] ?? {};
  if (!isObject(rawCollections)) throw new ConfigError('COLLECTIONS.collections must be an object keyed by prefix');
  const collections = Object.entries(rawCollections).map(([prefix, value]) => {
    checkPrefix(prefix);
    return parsePolicy(`collections["${prefix}"]`, prefix, value);
  });
  collections.sort((a, b) => b.collection.length - a.collection.length);
  return Object.freeze({ defaultPolicy, collections: Object.freeze(collections) });
}
