/**
 * An object as the catalogue holds it (one objects row plus its canvases rows), the hash that tells an
 * unchanged re-import from an edit, and its JSON record form for `catalog export` (docs/CATALOGUE.md § Export):
 * importing that form gives back the same object and the same hash, so import(export(x)) changes nothing.
 */
import { createHash } from 'node:crypto';
import type { LanguageMap, StoredRecord } from '../../src/catalog/record';
import { naturalSortKey } from '../../src/catalog/natural-order';
import { folderOf } from './validate';

export interface CatalogCanvas {
  readonly image: string;
  readonly label: LanguageMap | null;
}

export interface CatalogObject {
  readonly id: string;
  readonly collection: string;
  readonly label: LanguageMap;
  /** The record's thumbnail, else the first canvas's image. */
  readonly thumbnail: string;
  readonly canvases: readonly CatalogCanvas[];
  readonly record: StoredRecord;
}

export interface CatalogCollection {
  readonly name: string;
  readonly label: LanguageMap;
  readonly summary: LanguageMap | null;
}

/** SHA-256 of the normalised form (objects.hash): equal for an unchanged record, whatever its input format. */
export function objectHash(o: CatalogObject): string {
  return createHash('sha256').update(JSON.stringify([o.id, o.collection, o.label, o.thumbnail, o.canvases, o.record])).digest('hex');
}

export const sortKeyOf = (id: string): string => naturalSortKey(id);

/** Parent of a collection name ('a/b' → 'a'; top level → null). */
export function parentOf(name: string): string | null {
  const folder = folderOf(name);
  return folder === '' ? null : folder;
}

/** 'a/b/c' → ['a', 'a/b', 'a/b/c'] (parents first); '' (the top) → []. */
export function collectionChain(name: string): string[] {
  if (name === '') return [];
  const parts = name.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The JSON record of an object: what `catalog export` writes, one per line. */
export function exportRecord(o: CatalogObject): Record<string, unknown> {
  const { structures, ...rest } = o.record;
  return {
    id: o.id,
    collection: o.collection,
    label: o.label,
    ...rest,
    ...(o.thumbnail !== o.canvases[0]?.image ? { thumbnail: o.thumbnail } : {}),
    canvases: o.canvases.map((c) => (c.label ? { image: c.image, label: c.label } : { image: c.image })),
    ...(structures ? { structures } : {}),
  };
}

export function exportCollection(c: CatalogCollection): Record<string, unknown> {
  return { type: 'Collection', name: c.name, label: c.label, ...(c.summary ? { summary: c.summary } : {}) };
}
