/**
 * Presentation 3.0 Collections (§5.1), pure: a label and ordered items, each a sub-collection or a manifest
 * with id, type, label and thumbnail. Large collections are split by the route into nested range collections
 * (docs/CATALOGUE.md, "Collections"); this builder only lays out what it is given.
 */
import { imageServiceUrl } from '../auth';
import type { LanguageMap } from '../catalog/record';
import { PRESENTATION3_CONTEXT } from './object-manifest';

export interface CollectionItem {
  readonly type: 'Collection' | 'Manifest';
  readonly id: string;
  readonly label: LanguageMap;
  /** Image identifier of the thumbnail, if any. */
  readonly thumbnail: string | null;
}

export interface CollectionInput {
  readonly id: string;
  readonly label: LanguageMap;
  readonly summary?: LanguageMap | null;
  /** The collection this one is part of (a parent, or the collection a range was cut from). */
  readonly partOf?: { readonly id: string; readonly label: LanguageMap } | null;
  readonly items: readonly CollectionItem[];
}

/** A thumbnail of at most 200 px a side from the image service (no facts needed: `!w,h` keeps the ratio). */
function thumbnail(base: string, imageId: string) {
  const service = imageServiceUrl(base, 3, imageId);
  return [{ id: `${service}/full/!200,200/0/default.jpg`, type: 'Image', format: 'image/jpeg', service: [{ id: service, type: 'ImageService3', profile: 'level2' }] }];
}

export function collectionDoc(base: string, input: CollectionInput): Record<string, unknown> {
  const doc: Record<string, unknown> = { '@context': PRESENTATION3_CONTEXT, id: input.id, type: 'Collection', label: input.label };
  if (input.summary) doc['summary'] = input.summary;
  if (input.partOf) doc['partOf'] = [{ id: input.partOf.id, type: 'Collection', label: input.partOf.label }];
  doc['items'] = input.items.map((item) => {
    const out: Record<string, unknown> = { id: item.id, type: item.type, label: item.label };
    if (item.thumbnail !== null) out['thumbnail'] = thumbnail(base, item.thumbnail);
    return out;
  });
  return doc;
}
