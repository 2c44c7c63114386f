/**
 * Drafts → catalogue objects: duplicate ids, page rows merged into their objects, image prefixes expanded,
 * every image checked against the registered ones, structures checked against the pages. Reads the catalogue
 * (images, and the objects that page rows edit) but writes nothing.
 */
import { compareNatural } from '../../src/catalog/natural-order';
import type { CatalogCanvas, CatalogCollection, CatalogObject } from './catalog-object';
import { imagesUnder, knownImages, readObjects } from './catalog-read';
import type { CatalogDb } from './db';
import { where, type SourceRef } from './read-input';
import { structureProblems, type CollectionDraft, type Draft, type ObjectDraft, type PageDraft } from './validate';

export interface Problem {
  readonly at: SourceRef;
  readonly reasons: readonly string[];
}

export interface Resolved {
  readonly objects: readonly (CatalogObject & { readonly at: SourceRef })[];
  readonly collections: readonly (CatalogCollection & { readonly at: SourceRef })[];
  readonly problems: readonly Problem[];
}

/** Marks every entry whose key is used more than once; returns the entries whose key is unique. */
function unique<T extends { at: SourceRef }>(items: readonly T[], key: (t: T) => string, what: string, problems: Problem[]): T[] {
  const seen = new Map<string, T[]>();
  for (const t of items) seen.set(key(t), [...(seen.get(key(t)) ?? []), t]);
  const out: T[] = [];
  for (const [k, group] of seen) {
    if (group.length === 1) out.push(group[0]!);
    else for (const t of group) problems.push({ at: t.at, reasons: [`duplicate ${what} "${k}" (at ${group.filter((g) => g !== t).map((g) => where(g.at)).join(', ')})`] });
  }
  return out;
}

/** `invalidIds`: objects of this import that failed validation (their page rows are refused, not applied to the stored record). */
export async function resolveDrafts(db: CatalogDb, drafts: readonly Draft[], invalidIds: ReadonlySet<string> = new Set()): Promise<Resolved> {
  const problems: Problem[] = [];
  const objects = unique(drafts.filter((d): d is ObjectDraft => d.kind === 'object'), (d) => d.id, 'id', problems);
  const collections = unique(drafts.filter((d): d is CollectionDraft => d.kind === 'collection'), (d) => d.name, 'collection', problems);
  const pages = unique(drafts.filter((d): d is PageDraft => d.kind === 'page'), (d) => `${d.object} #${d.position}`, 'page', problems);

  // Canvases of each object in the import: a list as given, or a prefix expanded to the registered images.
  const canvasesOf = new Map<string, CatalogCanvas[] | null>();
  for (const o of objects) {
    if (o.canvases && 'prefix' in o.canvases) {
      const found = await imagesUnder(db, o.canvases.prefix);
      if (found.length === 0) problems.push({ at: o.at, reasons: [`canvases: no registered image under "${o.canvases.prefix}"`] });
      canvasesOf.set(o.id, found.length > 0 ? found.map((image) => ({ image, label: null })) : null);
    } else canvasesOf.set(o.id, o.canvases ? [...o.canvases] : null);
  }

  // Page rows set an object's pages (and their labels): objects of this import, else stored ones.
  const pagesByObject = new Map<string, PageDraft[]>();
  for (const p of pages) pagesByObject.set(p.object, [...(pagesByObject.get(p.object) ?? []), p]);
  const importedIds = new Set(objects.map((o) => o.id));
  const stored = new Map((await readObjects(db, [...pagesByObject.keys()].filter((id) => !importedIds.has(id)))).map((o) => [o.id, o]));
  const edited: (ObjectDraft & { fromCatalogue: true })[] = [];
  for (const [id, rows] of pagesByObject) {
    const base = importedIds.has(id) ? canvasesOf.get(id) ?? null : stored.get(id)?.canvases ?? null;
    if (invalidIds.has(id)) {
      for (const p of rows) problems.push({ at: p.at, reasons: [`object "${id}" is invalid in this import`] });
      continue;
    }
    if (!importedIds.has(id) && !stored.has(id)) {
      for (const p of rows) problems.push({ at: p.at, reasons: [`object "${id}" is neither in this import nor in the catalogue`] });
      continue;
    }
    const sorted = [...rows].sort((a, b) => a.position - b.position);
    const gap = sorted.findIndex((p, i) => p.position !== i + 1);
    if (gap >= 0) {
      problems.push({ at: sorted[gap]!.at, reasons: [`pages of "${id}": positions must run 1, 2, 3… without gaps; position ${gap + 1} is missing`] });
      continue;
    }
    const merged: CatalogCanvas[] = [];
    for (const p of sorted) {
      const image = p.image ?? base?.[p.position - 1]?.image;
      if (image === undefined) problems.push({ at: p.at, reasons: [`image: missing, and "${id}" has no page ${p.position} to keep`] });
      else merged.push({ image, label: p.label });
    }
    if (merged.length !== sorted.length) continue;
    canvasesOf.set(id, merged);
    const s = stored.get(id);
    if (s) {
      const thumbnail = s.thumbnail === s.canvases[0]?.image ? null : s.thumbnail;
      edited.push({ kind: 'object', at: sorted[0]!.at, id, collection: s.collection, label: s.label, thumbnail, canvases: merged, record: s.record, fromCatalogue: true });
    }
  }

  // Every image named must be registered (the builder registers what it builds).
  const all = [...objects, ...edited];
  const named = all.flatMap((o) => [...(canvasesOf.get(o.id) ?? []).map((c) => c.image), ...(o.thumbnail ? [o.thumbnail] : [])]);
  const known = await knownImages(db, named);
  const out: (CatalogObject & { at: SourceRef })[] = [];
  for (const o of all) {
    const canvases = canvasesOf.get(o.id);
    const reasons: string[] = [];
    if (!canvases) {
      if (o.canvases && 'prefix' in o.canvases) continue; // already reported: nothing under the prefix
      reasons.push('canvases: missing (give canvases, an images column, or page rows)');
    } else {
      const unknown = [...new Set([...canvases.map((c) => c.image), ...(o.thumbnail ? [o.thumbnail] : [])].filter((i) => !known.has(i)))];
      if (unknown.length > 0) {
        const shown = unknown.slice(0, 5).map((i) => `"${i}"`).join(', ');
        reasons.push(`unknown image${unknown.length > 1 ? 's' : ''} ${shown}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} (not registered: build with npm run build-pyramid -- --local)`);
      }
      reasons.push(...structureProblems(o.record.structures, canvases.length));
    }
    if (reasons.length > 0) problems.push({ at: o.at, reasons });
    else out.push({ at: o.at, id: o.id, collection: o.collection, label: o.label, thumbnail: o.thumbnail ?? canvases![0]!.image, canvases: canvases!, record: o.record });
  }
  problems.sort((a, b) => compareNatural(where(a.at), where(b.at)));
  return { objects: out, collections: collections.map((c) => ({ at: c.at, name: c.name, label: c.label, summary: c.summary })), problems };
}
