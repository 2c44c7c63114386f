/**
 * The catalogue behind one narrow interface: what a manifest or a collection needs, read in as few queries as
 * the store allows. Implementations: D1Catalog (src/catalog/d1-catalog.ts, production and local), MemoryCatalog
 * (unit tests of pure logic), and guardCatalog, which turns failures and slow answers into CatalogUnavailable
 * (503 with Retry-After). Nothing in src/presentation or src/http knows about SQL.
 */
import type { CanvasRow, CollectionRow, ImageFacts, LanguageMap, ObjectRow } from './record';
import type { Visibility } from './visibility';

/** A canvas row with the registered facts of its image (null when the image is no longer registered). */
export interface CanvasWithFacts extends CanvasRow {
  readonly facts: ImageFacts | null;
}

/** Everything a manifest is built from. */
export interface ManifestData {
  readonly object: ObjectRow;
  /** In position order. */
  readonly canvases: readonly CanvasWithFacts[];
  /** Facts of the object's thumbnail image, if it has one and it is registered. */
  readonly thumbnail: ImageFacts | null;
  /** The object's collection row (null if the importer has not written one). */
  readonly collection: CollectionRow | null;
}

/** An item of a collection listing: a sub-collection or an object (a manifest). */
export interface Member {
  readonly id: string;
  readonly label: LanguageMap;
  /** Image identifier of its thumbnail (a sub-collection's: its first visible object's). */
  readonly thumbnail: string | null;
  readonly updatedAt: string;
}

/** The first page of a collection: its row, its visible sub-collections and its first visible objects. */
export interface Listing {
  /** Null for the top collection, or for a collection that exists only through its objects. */
  readonly collection: CollectionRow | null;
  readonly children: readonly Member[];
  /** At most the limit asked for, in sort order (sort_key, id). */
  readonly objects: readonly Member[];
}

/** One range of a split collection: its first and last visible object, in sort order. */
export interface RangeBounds {
  readonly first: string;
  readonly last: string;
  /** The first object's thumbnail image, standing for the range. */
  readonly thumbnail: string | null;
}

export interface Catalog {
  /** Whether an object has a record (one primary-key read): the viewer page chooses Mirador or OpenSeadragon. */
  hasRecord(objectId: string): Promise<boolean>;
  /** The record, canvases and image facts of one object; null when there is no record. */
  manifestData(objectId: string): Promise<ManifestData | null>;
  /**
   * A collection (`null`: the top) with its children and up to `limit` objects visible under `visibility`.
   * Null when the collection has no row, no children and no objects.
   */
  listing(name: string | null, visibility: Visibility, limit: number): Promise<Listing | null>;
  /**
   * Up to `limit` visible objects of `collection` from object `from` on (inclusive), in sort order; null when
   * `from` is not a visible object of that collection.
   */
  objectsFrom(collection: string, from: string, limit: number, visibility: Visibility): Promise<readonly Member[] | null>;
  /**
   * The visible objects of `collection` from `from` (null: the first) on, at most `window` of them (null: all),
   * cut into consecutive ranges of `span` objects: each range's first and last object. Null when `from` is
   * not a visible object of that collection.
   */
  ranges(collection: string, from: string | null, window: number | null, span: number, visibility: Visibility): Promise<readonly RangeBounds[] | null>;
}
