/**
 * Collection pages from the catalogue (docs/CATALOGUE.md, "Collections"). Presentation 3.0 has no paging, so a
 * collection with more items than the page size N is split, as large institutions do: its sub-collections stay
 * as they are and its objects become range collections of N consecutive objects (`?from={first id}&span=N`);
 * when even those are too many, ranges of N ranges (`span=N²`), and so on. Ranges cut the sort order
 * (sort_key, id) of the objects this person may see, so neither names, nor counts, nor bounds reveal the others.
 */
import type { Catalog, Member, RangeBounds } from '../catalog/catalog';
import type { LanguageMap } from '../catalog/record';
import { isVisible, type Visibility } from '../catalog/visibility';
import { BadRequest, NotFound } from '../errors';
import type { CollectionInput, CollectionItem } from '../presentation/collection';
import { collectionUrl, manifestUrl } from '../presentation/urls';

export interface CollectionRequest {
  /** Null: the top collection. */
  readonly name: string | null;
  /** A range of a split collection. */
  readonly range: { readonly from: string; readonly span: number } | null;
}

const text = (s: string): LanguageMap => ({ none: [s] });

function objectItem(base: string, o: Member): CollectionItem {
  return { type: 'Manifest', id: manifestUrl(base, o.id), label: o.label, thumbnail: o.thumbnail };
}

function rangeItems(base: string, name: string, ranges: readonly RangeBounds[], span: number): CollectionItem[] {
  return ranges.map((r) => ({
    type: 'Collection',
    id: collectionUrl(base, name, { from: r.first, span }),
    label: text(r.first === r.last ? r.first : `${r.first} – ${r.last}`),
    thumbnail: r.thumbnail,
  }));
}

/** Consecutive groups of `n` ranges, as one range each. */
function group(ranges: readonly RangeBounds[], n: number): RangeBounds[] {
  const out: RangeBounds[] = [];
  for (let i = 0; i < ranges.length; i += n) {
    const part = ranges.slice(i, i + n);
    out.push({ first: part[0]!.first, last: part[part.length - 1]!.last, thumbnail: part[0]!.thumbnail });
  }
  return out;
}

/** `span` must be N^k with k ≥ 1: the spans this service hands out. */
function checkSpan(span: number, n: number): void {
  let s = n;
  while (s < span && s <= Number.MAX_SAFE_INTEGER / n) s *= n;
  if (s !== span) throw new BadRequest(`span must be ${n}, ${n * n}, … (a power of the collection page size), got ${span}`);
}

export async function collectionPage(catalog: Catalog, base: string, req: CollectionRequest, visibility: Visibility, pageSize: number, topLabel: LanguageMap): Promise<CollectionInput> {
  const { name } = req;
  const childVisible = (m: Member) => isVisible(visibility, `${m.id}/`);
  if (name === null) {
    const top = await catalog.listing(null, visibility, 0);
    const children = (top?.children ?? []).filter(childVisible);
    return { id: collectionUrl(base, null), label: topLabel, items: children.map((c) => ({ type: 'Collection', id: collectionUrl(base, c.id), label: c.label, thumbnail: c.thumbnail })) };
  }
  const whole = { id: collectionUrl(base, name), label: text(name) };

  if (req.range !== null) {
    const { from, span } = req.range;
    checkSpan(span, pageSize);
    const id = collectionUrl(base, name, req.range);
    if (span === pageSize) {
      const objects = await catalog.objectsFrom(name, from, span, visibility);
      if (objects === null) throw new NotFound(`collection ${name} has no range starting at ${from}`);
      const last = objects[objects.length - 1]!.id;
      return { id, label: text(from === last ? `${name}: ${from}` : `${name}: ${from} – ${last}`), partOf: whole, items: objects.map((o) => objectItem(base, o)) };
    }
    const sub = span / pageSize;
    const ranges = await catalog.ranges(name, from, span, sub, visibility);
    if (ranges === null || ranges.length === 0) throw new NotFound(`collection ${name} has no range starting at ${from}`);
    return { id, label: text(`${name}: ${from} – ${ranges[ranges.length - 1]!.last}`), partOf: whole, items: rangeItems(base, name, ranges, sub) };
  }

  // One read for the common case: the first page-size-plus-one objects tell whether a split is needed.
  const listing = await catalog.listing(name, visibility, pageSize + 1);
  if (listing === null) throw new NotFound(`no collection called ${name}`);
  const children = listing.children.filter(childVisible);
  const childItems: CollectionItem[] = children.map((c) => ({ type: 'Collection', id: collectionUrl(base, c.id), label: c.label, thumbnail: c.thumbnail }));
  const row = listing.collection;
  const head = {
    id: collectionUrl(base, name),
    label: row?.label ?? text(name),
    summary: row?.summary ?? null,
    partOf: row?.parent ? { id: collectionUrl(base, row.parent), label: text(row.parent) } : { id: collectionUrl(base, null), label: topLabel },
  };
  if (children.length + listing.objects.length <= pageSize) {
    return { ...head, items: [...childItems, ...listing.objects.map((o) => objectItem(base, o))] };
  }
  const room = Math.max(1, pageSize - children.length);
  let span = pageSize;
  let ranges = (await catalog.ranges(name, null, null, span, visibility)) ?? [];
  while (ranges.length > room) {
    ranges = group(ranges, pageSize);
    span *= pageSize;
  }
  return { ...head, items: [...childItems, ...rangeItems(base, name, ranges, span)] };
}
