/**
 * The Image API 3.0 image information document (3.0 §5). Level 2 (3.0 compliance §3–4) already covers
 * regionSquare, rotationBy90s, png, color/gray, baseUriRedirect, cors and jsonldMediaType, so only what lies
 * beyond it is listed: webp, bitonal, mirroring, sizeUpscaling and the two Link headers (§5.7). 3.0 §4.4
 * still requires every quality other than `default` in extraQualities; `color` is left out for grey images.
 */
import type { InfoInput } from './info-input';
import { advertisedSizes, advertisedTiles } from './info-input';

export const CONTEXT_3 = 'http://iiif.io/api/image/3/context.json';
export const PROTOCOL = 'http://iiif.io/api/image';

const EXTRA_FORMATS_3 = ['webp'];
const EXTRA_FEATURES_3 = ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'sizeUpscaling'];

export function buildInfo3(input: InfoInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    '@context': CONTEXT_3,
    id: input.id,
    type: 'ImageService3',
    protocol: PROTOCOL,
    profile: 'level2',
    width: input.width,
    height: input.height,
    // §5.7: a server that supports sizeUpscaling MUST specify maxWidth or maxArea.
    maxWidth: input.limits.maxWidth,
    maxHeight: input.limits.maxHeight,
    maxArea: input.limits.maxArea,
    sizes: advertisedSizes(input),
    tiles: advertisedTiles(input),
    extraFormats: EXTRA_FORMATS_3,
    extraQualities: input.channels === 3 ? ['color', 'gray', 'bitonal'] : ['gray', 'bitonal'],
    extraFeatures: EXTRA_FEATURES_3,
  };
  // §5.8: `service` is an array of objects.
  if (input.services && input.services.length > 0) doc['service'] = [...input.services];
  return doc;
}
