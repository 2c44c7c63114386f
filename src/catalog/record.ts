/**
 * The shapes the catalogue stores (migrations/0001_catalog.sql): a record as the importer normalised it and the
 * Worker reads it back to build a Presentation 3.0 manifest (docs/CATALOGUE.md). Types only: validation lives
 * with the importer, manifest building in src/presentation. Every human-readable value is already a language map
 * here (Presentation 3.0 §4.1 "Language of Property Values"): a plain string in the import becomes
 * `{ <default language or "none">: [string] }`.
 */

/** Presentation 3.0 language map: language tag (BCP 47, or "none") → one or more strings. */
export type LanguageMap = Readonly<Record<string, readonly string[]>>;

/** Presentation 3.0 §3.3.1 metadata entry and requiredStatement. */
export interface LabelValue {
  readonly label: LanguageMap;
  readonly value: LanguageMap;
}

/** Presentation 3.0 §3.3.2 provider (an Agent): the manifest builder gives it an id and type. */
export interface ProviderAgent {
  readonly label: LanguageMap;
  readonly homepage?: string;
  readonly logo?: string;
}

/** A link out (homepage, seeAlso): Presentation 3.0 §3.3.3. */
export interface LinkedResource {
  readonly id: string;
  readonly label?: LanguageMap;
  readonly format?: string;
  readonly profile?: string;
}

/** A range (Presentation 3.0 §5.5): items are 1-based canvas positions or nested ranges. */
export interface Structure {
  readonly label: LanguageMap;
  readonly items: readonly (number | Structure)[];
}

export type Behavior = 'paged' | 'individuals' | 'continuous' | 'unordered' | 'facing-pages' | 'non-paged';
export type ViewingDirection = 'left-to-right' | 'right-to-left' | 'top-to-bottom' | 'bottom-to-top';

/** objects.record: everything of a record except id, collection, label, thumbnail and canvases (own columns/rows). */
export interface StoredRecord {
  readonly summary?: LanguageMap;
  readonly metadata?: readonly LabelValue[];
  /** One URI from creativecommons.org or rightsstatements.org (Presentation 3.0 §3.3.1 rights). */
  readonly rights?: string;
  readonly requiredStatement?: LabelValue;
  readonly provider?: readonly ProviderAgent[];
  /** xsd:dateTime with a zone, e.g. 1450-01-01T00:00:00Z. */
  readonly navDate?: string;
  readonly behavior?: readonly Behavior[];
  readonly viewingDirection?: ViewingDirection;
  readonly homepage?: readonly LinkedResource[];
  readonly seeAlso?: readonly LinkedResource[];
  readonly structures?: readonly Structure[];
}

/** Row of `images`: what the builder registers for each pyramid. */
export interface ImageFacts {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly etag: string;
  readonly sha256: string;
  readonly builtAt: string;
}

/** Row of `canvases`. */
export interface CanvasRow {
  readonly position: number;
  readonly image: string;
  readonly label: LanguageMap | null;
}

/** Row of `objects`, parsed. */
export interface ObjectRow {
  readonly id: string;
  readonly collection: string;
  readonly sortKey: string;
  readonly label: LanguageMap;
  readonly thumbnail: string | null;
  readonly record: StoredRecord;
  readonly hash: string;
  readonly updatedAt: string;
}

/** Row of `collections`, parsed. */
export interface CollectionRow {
  readonly name: string;
  readonly parent: string | null;
  readonly label: LanguageMap;
  readonly summary: LanguageMap | null;
  readonly updatedAt: string;
}
