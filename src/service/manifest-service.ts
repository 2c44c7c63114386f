/**
 * Manifests built on request from the store: `/iiif/manifest/{object}` describes either one image (the
 * object is an identifier) or every image whose identifier starts with `{object}/` that the caller may
 * see, in key order, one Canvas each. Sizes come from the opened pyramids (isolate cache first).
 */
import type { Config } from '../config';
import { NotFound } from '../errors';
import { buildManifest, type ManifestImage } from '../presentation/manifest';
import type { ReadStats } from '../source/range-source';
import type { ImageStore } from './image-store';

/** Most canvases one manifest lists; larger folders should be split into objects. */
export const MAX_CANVASES = 1000;

const OPEN_AT_ONCE = 6;

/** Identifiers under `{object}/` found by listing R2 keys that fit the key template, those `visible` to the caller. */
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
  serviceFor: (id: string) => string,
  stats: ReadStats,
  servicesFor: (id: string) => readonly unknown[] = () => [],
  /** Whether the caller may see an image; the route has already refused an `object` it may not see. */
  visible: (id: string) => boolean = () => true,
): Promise<Record<string, unknown>> {
  // An image the caller may not see is never opened (the route refuses such an object first; checked
  // again here so that no caller of this function can open one by mistake): only its visible siblings.
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
  return buildManifest({ id: manifestUrl, label: object, images });
}
