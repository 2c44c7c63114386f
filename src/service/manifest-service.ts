/**
 * Manifests for identifiers with no catalogue record, built on request from the store: `/iiif/manifest/{object}`
 * describes either one image (the object is an identifier) or every image whose identifier starts with
 * `{object}/` and that the person asking may see, in key order, one Canvas each. Sizes come from the opened
 * pyramids (isolate cache first). Objects with a record are built from the catalogue (src/presentation).
 */
import { AUTH_PRESENTATION3_CONTEXT, imageServiceUrl } from '../auth';
import { isVisible, type Visibility } from '../catalog/visibility';
import type { Config } from '../config';
import { NotFound } from '../errors';
import { buildManifest, type ManifestImage } from '../presentation/manifest';
import type { ReadStats } from '../source/range-source';
import type { ImageStore } from './image-store';

/** Most canvases one manifest lists; larger folders should be split into objects. */
export const MAX_CANVASES = 1000;

const OPEN_AT_ONCE = 6;

/** Identifiers under `{object}/` found by listing R2 keys that fit the key template. */
async function idsUnder(bucket: R2Bucket, template: string, object: string, visible: (id: string) => boolean): Promise<string[]> {
  const [before, after] = template.split('{id}') as [string, string];
  const prefix = `${before}${object}/`;
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    for (const obj of page.objects) {
      if (obj.key.endsWith(after) && obj.key.length > prefix.length + after.length) {
        const id = obj.key.slice(before.length, obj.key.length - after.length);
        // Filtered while listing, so that hidden images do not use up the canvas limit.
        if (visible(id)) ids.push(id);
      }
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined && ids.length < MAX_CANVASES);
  return ids.sort().slice(0, MAX_CANVASES);
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

export async function buildObjectManifest(
  bucket: R2Bucket,
  store: ImageStore,
  config: Config,
  object: string,
  manifestUrl: string,
  base: string,
  stats: ReadStats,
  servicesFor: (id: string) => readonly unknown[],
  visibility: Visibility,
): Promise<Record<string, unknown>> {
  const serviceFor = (id: string) => imageServiceUrl(base, 3, id);
  const visible = (id: string) => isVisible(visibility, id);
  // An image this person may not see is never opened (the route refuses such an object first; checked again
  // here so that no caller can open one by mistake), and is left out of a folder as if it did not exist.
  let ids: string[] = [];
  if (visible(object)) {
    try {
      await store.open(object, stats);
      ids = [object];
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
  if (ids.length === 0) {
    ids = await idsUnder(bucket, config.keyTemplate, object, visible);
    // The same answer for an empty folder, a missing one, and one holding only images the caller may not see.
    if (ids.length === 0) throw new NotFound(`no image or folder of images called ${object}`);
  }
  // Opened a few at a time: a Worker request may keep only six subrequests in flight (Workers limits).
  const images: ManifestImage[] = [];
  for (let i = 0; i < ids.length; i += OPEN_AT_ONCE) {
    const batch = ids.slice(i, i + OPEN_AT_ONCE);
    const opened = await Promise.all(batch.map((id) => store.open(id, stats)));
    batch.forEach((id, k) => {
      const { index } = opened[k]!;
      images.push({ service: serviceFor(id), label: lastSegment(id), width: index.width, height: index.height, services: servicesFor(id) });
    });
  }
  const doc = buildManifest({ id: manifestUrl, label: object, images });
  // Auth 2.0 §2.1: the auth context first when any image carries auth services.
  if (images.some((i) => (i.services?.length ?? 0) > 0)) doc['@context'] = [...AUTH_PRESENTATION3_CONTEXT];
  return doc;
}
