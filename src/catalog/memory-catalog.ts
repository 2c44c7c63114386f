/**
 * The catalogue in memory, for unit tests of pure logic (collection splitting, visibility, manifest building)
 * without workerd. Same contract as D1Catalog: sort order (sort_key, id), visibility applied before limits.
 */
import type { Catalog, Listing, ManifestData, Member, RangeBounds } from './catalog';
import type { CanvasRow, CollectionRow, ImageFacts, ObjectRow } from './record';
import { isVisible, type Visibility } from './visibility';

export interface MemoryContent {
  readonly images?: readonly ImageFacts[];
  readonly collections?: readonly CollectionRow[];
  readonly objects?: readonly (ObjectRow & { readonly canvases?: readonly CanvasRow[] })[];
}

const bySortKey = (a: ObjectRow, b: ObjectRow) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const member = (o: ObjectRow): Member => ({ id: o.id, label: o.label, thumbnail: o.thumbnail, updatedAt: o.updatedAt });

export class MemoryCatalog implements Catalog {
  constructor(private readonly content: MemoryContent) {}

  private image(id: string | null): ImageFacts | null {
    return id === null ? null : (this.content.images?.find((i) => i.id === id) ?? null);
  }

  private visibleIn(collection: string, v: Visibility): ObjectRow[] {
    return (this.content.objects ?? []).filter((o) => o.collection === collection && isVisible(v, o.id)).sort(bySortKey);
  }

  private from(collection: string, from: string | null, v: Visibility): ObjectRow[] | null {
    const all = this.visibleIn(collection, v);
    if (from === null) return all;
    const at = all.findIndex((o) => o.id === from);
    return at < 0 ? null : all.slice(at);
  }

  async hasRecord(objectId: string): Promise<boolean> {
    return this.content.objects?.some((o) => o.id === objectId) ?? false;
  }

  async manifestData(objectId: string): Promise<ManifestData | null> {
    const o = this.content.objects?.find((x) => x.id === objectId);
    if (o === undefined) return null;
    return {
      object: o,
      canvases: [...(o.canvases ?? [])].sort((a, b) => a.position - b.position).map((c) => ({ ...c, facts: this.image(c.image) })),
      thumbnail: this.image(o.thumbnail),
      collection: this.content.collections?.find((c) => c.name === o.collection) ?? null,
    };
  }

  async listing(name: string | null, v: Visibility, limit: number): Promise<Listing | null> {
    const children = (this.content.collections ?? [])
      .filter((c) => c.parent === name)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c) => ({ id: c.name, label: c.label, updatedAt: c.updatedAt, thumbnail: this.visibleIn(c.name, v)[0]?.thumbnail ?? null }));
    if (name === null) return { collection: null, children, objects: [] };
    const row = this.content.collections?.find((c) => c.name === name) ?? null;
    const objects = this.visibleIn(name, v).slice(0, limit).map(member);
    if (row === null && children.length === 0 && objects.length === 0) return null;
    return { collection: row, children, objects };
  }

  async objectsFrom(collection: string, from: string, limit: number, v: Visibility): Promise<readonly Member[] | null> {
    return this.from(collection, from, v)?.slice(0, limit).map(member) ?? null;
  }

  async ranges(collection: string, from: string | null, window: number | null, span: number, v: Visibility): Promise<readonly RangeBounds[] | null> {
    const rows = this.from(collection, from, v);
    if (rows === null) return null;
    const w = window === null ? rows : rows.slice(0, window);
    const out: RangeBounds[] = [];
    for (let i = 0; i < w.length; i += span) out.push({ first: w[i]!.id, last: w[Math.min(i + span, w.length) - 1]!.id, thumbnail: w[i]!.thumbnail });
    return out;
  }
}
