/**
 * The public URLs of Presentation resources, absolute on the public base (Presentation 3.0 §3.4.1: ids are
 * HTTP(S) URIs; the manifest's and collection's ids are where they are served). Object ids and collection
 * names travel as one path segment (`/` written `%2F`), as image identifiers do.
 */
export function manifestUrl(base: string, objectId: string): string {
  return `${base}/iiif/manifest/${encodeURIComponent(objectId)}`;
}

/** The top collection (`name` null), a collection, or a range of a split collection (`from` + `span`). */
export function collectionUrl(base: string, name: string | null, range?: { readonly from: string; readonly span: number }): string {
  const path = name === null ? `${base}/iiif/collection` : `${base}/iiif/collection/${encodeURIComponent(name)}`;
  return range === undefined ? path : `${path}?from=${encodeURIComponent(range.from)}&span=${range.span}`;
}
