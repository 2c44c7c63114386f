/**
 * What an import would change, decided before anything is written: each object created, updated (its hash
 * differs) or unchanged; each collection of the objects' chains (a/b → a, a/b) and each collection record
 * created, updated or unchanged. Pure: the stored hashes and collections are read by the caller.
 */
import type { LanguageMap } from '../../src/catalog/record';
import { collectionChain, objectHash, parentOf, type CatalogCollection, type CatalogObject } from './catalog-object';

export interface ObjectWrite {
  readonly object: CatalogObject;
  readonly hash: string;
}

export interface CollectionWrite {
  readonly name: string;
  readonly parent: string | null;
  readonly label: LanguageMap;
  readonly summary: LanguageMap | null;
  /** Named by a collection record (label and summary replace the stored ones); else only created if missing. */
  readonly explicit: boolean;
}

export interface ImportPlan {
  readonly created: readonly ObjectWrite[];
  readonly updated: readonly ObjectWrite[];
  readonly unchanged: number;
  readonly collectionsCreated: readonly CollectionWrite[];
  readonly collectionsUpdated: readonly CollectionWrite[];
  readonly collectionsUnchanged: number;
}

export interface StoredCollection extends CatalogCollection {
  readonly parent: string | null;
}

/** A collection nobody labelled is labelled with its own name (its last segment: 'mss/letters' → 'letters'). */
export function defaultCollectionLabel(name: string): LanguageMap {
  return { none: [name.slice(name.lastIndexOf('/') + 1)] };
}

export function planImport(
  objects: readonly CatalogObject[],
  collections: readonly CatalogCollection[],
  storedHashes: ReadonlyMap<string, string>,
  storedCollections: ReadonlyMap<string, StoredCollection>,
): ImportPlan {
  const created: ObjectWrite[] = [];
  const updated: ObjectWrite[] = [];
  let unchanged = 0;
  for (const object of objects) {
    const hash = objectHash(object);
    const before = storedHashes.get(object.id);
    if (before === undefined) created.push({ object, hash });
    else if (before !== hash) updated.push({ object, hash });
    else unchanged++;
  }
  const wanted = new Map<string, CollectionWrite>();
  const explicit = new Map(collections.map((c) => [c.name, c]));
  for (const name of [...objects.map((o) => o.collection), ...explicit.keys()].flatMap(collectionChain)) {
    if (wanted.has(name)) continue;
    const named = explicit.get(name);
    wanted.set(name, {
      name,
      parent: parentOf(name),
      label: named?.label ?? defaultCollectionLabel(name),
      summary: named?.summary ?? null,
      explicit: named !== undefined,
    });
  }
  const collectionsCreated: CollectionWrite[] = [];
  const collectionsUpdated: CollectionWrite[] = [];
  let collectionsUnchanged = 0;
  for (const c of wanted.values()) {
    const stored = storedCollections.get(c.name);
    if (!stored) collectionsCreated.push(c);
    else if (c.explicit && (JSON.stringify(stored.label) !== JSON.stringify(c.label) || JSON.stringify(stored.summary) !== JSON.stringify(c.summary))) {
      collectionsUpdated.push(c);
    } else collectionsUnchanged++;
  }
  return { created, updated, unchanged, collectionsCreated, collectionsUpdated, collectionsUnchanged };
}
