/**
 * A Presentation 3.0 manifest from a catalogue record (docs/CATALOGUE.md, "Manifests"), pure: record, canvases
 * and image facts in, a JSON value out. Descriptive properties follow Presentation 3.0 §3.3 (label, summary,
 * metadata, rights, requiredStatement, provider, navDate, behavior, viewingDirection, homepage, seeAlso,
 * partOf, thumbnail); one Canvas per page sized from the registered image facts (§5.3), painted by one Image
 * whose `service` lists ImageService3 and, for 2.x clients, ImageService2 (§3.3.1 on older services), with the
 * IIIF Auth services of restricted images on the ImageService3 (Auth 2.0 §2.1); structures become Ranges (§5.5).
 */
import { imageServiceUrl } from '../auth';
import type { CanvasWithFacts, ManifestData } from '../catalog/catalog';
import type { ImageFacts, LanguageMap, LinkedResource, Structure } from '../catalog/record';
import { collectionUrl, manifestUrl } from './urls';

type Json = Record<string, unknown>;

export interface ManifestContext {
  /** Public base URL, no trailing slash. */
  readonly base: string;
  /** Auth service blocks for an image's ImageService3 (empty for open images). */
  readonly authServices: (imageId: string) => readonly unknown[];
}

export const PRESENTATION3_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
/** Long side of thumbnails, in pixels. */
export const THUMBNAIL_SIZE = 200;

/** A thumbnail size that fits THUMBNAIL_SIZE (never upscaled), in the canonical `w,h` form. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function service3(base: string, id: string, auth: readonly unknown[] = []): Json {
  const s: Json = { id: imageServiceUrl(base, 3, id), type: 'ImageService3', profile: 'level2' };
  if (auth.length > 0) s['service'] = [...auth];
  return s;
}

/** Presentation 3.0 §3.3.1: a 2.x service keeps its own `@id`/`@type`. */
function service2(base: string, id: string): Json {
  return { '@id': imageServiceUrl(base, 2, id), '@type': 'ImageService2', profile: 'http://iiif.io/api/image/2/level2.json' };
}

export function thumbnailOf(base: string, image: ImageFacts): Json {
  const size = thumbnailSize(image.width, image.height);
  return {
    id: `${imageServiceUrl(base, 3, image.id)}/full/${size.width},${size.height}/0/default.jpg`,
    type: 'Image',
    format: 'image/jpeg',
    width: size.width,
    height: size.height,
    service: [service3(base, image.id)],
  };
}

/** Formats of logos by extension (a logo MUST be an Image with a format, Presentation 3.0 §3.3.2). */
function imageFormat(url: string): string {
  const ext = url.toLowerCase().split(/[?#]/)[0]!.split('.').pop();
  return ext === 'png' ? 'image/png' : ext === 'svg' ? 'image/svg+xml' : ext === 'webp' ? 'image/webp' : ext === 'gif' ? 'image/gif' : 'image/jpeg';
}

function link(r: LinkedResource, type: string, fallbackLabel: LanguageMap | undefined, defaultFormat: string | undefined): Json {
  const out: Json = { id: r.id, type };
  const label = r.label ?? fallbackLabel;
  if (label !== undefined) out['label'] = label;
  const format = r.format ?? defaultFormat;
  if (format !== undefined) out['format'] = format;
  if (r.profile !== undefined) out['profile'] = r.profile;
  return out;
}

function canvas(id: string, c: CanvasWithFacts & { facts: ImageFacts }, ctx: ManifestContext): Json {
  const { base } = ctx;
  const f = c.facts;
  return {
    id,
    type: 'Canvas',
    label: c.label ?? { none: [String(c.position)] },
    width: f.width,
    height: f.height,
    thumbnail: [thumbnailOf(base, f)],
    items: [
      {
        id: `${id}/page`,
        type: 'AnnotationPage',
        items: [
          {
            id: `${id}/page/image`,
            type: 'Annotation',
            motivation: 'painting',
            target: id,
            body: {
              id: `${imageServiceUrl(base, 3, f.id)}/full/max/0/default.jpg`,
              type: 'Image',
              format: 'image/jpeg',
              width: f.width,
              height: f.height,
              service: [service3(base, f.id, ctx.authServices(f.id)), service2(base, f.id)],
            },
          },
        ],
      },
    ],
  };
}

/** Ranges from structures: positions become Canvas references (pages without an image are left out). */
function range(id: string, s: Structure, canvasIds: ReadonlyMap<number, string>): Json {
  const items: Json[] = [];
  s.items.forEach((item, i) => {
    if (typeof item === 'number') {
      const canvasId = canvasIds.get(item);
      if (canvasId !== undefined) items.push({ id: canvasId, type: 'Canvas' });
    } else {
      items.push(range(`${id}-${i + 1}`, item, canvasIds));
    }
  });
  return { id, type: 'Range', label: s.label, items };
}

export function objectManifest(data: ManifestData, ctx: ManifestContext): Json {
  const { object, collection } = data;
  const record = object.record;
  const { base } = ctx;
  const id = manifestUrl(base, object.id);
  const pages = data.canvases.filter((c): c is CanvasWithFacts & { facts: ImageFacts } => c.facts !== null);
  const canvasIds = new Map(pages.map((c) => [c.position, `${id}/canvas/${c.position}`]));
  const items = pages.map((c) => canvas(canvasIds.get(c.position)!, c, ctx));
  const anyAuth = pages.some((c) => ctx.authServices(c.image).length > 0);

  const doc: Json = {
    // Auth 2.0 §2.1: the auth context comes first when the manifest embeds Auth 2.0 services.
    '@context': anyAuth ? ['http://iiif.io/api/auth/2/context.json', PRESENTATION3_CONTEXT] : PRESENTATION3_CONTEXT,
    id,
    type: 'Manifest',
    label: object.label,
  };
  if (record.summary !== undefined) doc['summary'] = record.summary;
  if (record.metadata !== undefined && record.metadata.length > 0) doc['metadata'] = record.metadata;
  if (record.rights !== undefined) doc['rights'] = record.rights;
  if (record.requiredStatement !== undefined) doc['requiredStatement'] = record.requiredStatement;
  if (record.provider !== undefined && record.provider.length > 0) {
    doc['provider'] = record.provider.map((p, i) => {
      const agent: Json = { id: `${id}/provider/${i + 1}`, type: 'Agent', label: p.label };
      if (p.homepage !== undefined) agent['homepage'] = [{ id: p.homepage, type: 'Text', label: p.label, format: 'text/html' }];
      if (p.logo !== undefined) agent['logo'] = [{ id: p.logo, type: 'Image', format: imageFormat(p.logo) }];
      return agent;
    });
  }
  if (record.navDate !== undefined) doc['navDate'] = record.navDate;
  if (record.behavior !== undefined && record.behavior.length > 0) doc['behavior'] = record.behavior;
  if (record.viewingDirection !== undefined) doc['viewingDirection'] = record.viewingDirection;
  // §3.3.3: a homepage MUST have a label; the object's own label stands in when the record gives none.
  if (record.homepage !== undefined && record.homepage.length > 0) doc['homepage'] = record.homepage.map((h) => link(h, 'Text', object.label, 'text/html'));
  if (record.seeAlso !== undefined && record.seeAlso.length > 0) doc['seeAlso'] = record.seeAlso.map((s) => link(s, 'Dataset', undefined, undefined));
  doc['partOf'] = [{ id: collectionUrl(base, object.collection), type: 'Collection', label: collection?.label ?? { none: [object.collection] } }];
  const thumb = data.thumbnail ?? pages[0]?.facts ?? null;
  if (thumb !== null) doc['thumbnail'] = [thumbnailOf(base, thumb)];
  doc['items'] = items;
  if (record.structures !== undefined && record.structures.length > 0) {
    doc['structures'] = record.structures.map((s, i) => range(`${id}/range/${i + 1}`, s, canvasIds));
  }
  return doc;
}
