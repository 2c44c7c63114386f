/**
 * The Image API 2.1 image information document (2.1 §5). The first profile entry is the level 2 URI; the
 * profile object lists only what level2.json (formats jpg/png, qualities default/bitonal, its `supports`)
 * does not, as 2.1 §5.3 asks, plus the size limits.
 */
import type { InfoInput } from './info-input';
import { advertisedSizes, advertisedTiles } from './info-input';
import { PROTOCOL } from './info3';

export const CONTEXT_2 = 'http://iiif.io/api/image/2/context.json';
export const LEVEL2_PROFILE_2 = 'http://iiif.io/api/image/2/level2.json';

const FORMATS_2 = ['webp'];
const SUPPORTS_2 = ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'regionSquare', 'sizeAboveFull'];

export function buildInfo2(input: InfoInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    '@context': CONTEXT_2,
    '@id': input.id,
    protocol: PROTOCOL,
    width: input.width,
    height: input.height,
    sizes: advertisedSizes(input),
    tiles: advertisedTiles(input),
    profile: [
      LEVEL2_PROFILE_2,
      {
        formats: FORMATS_2,
        qualities: input.channels === 3 ? ['color', 'gray'] : ['gray'],
        supports: SUPPORTS_2,
        maxWidth: input.limits.maxWidth,
        maxHeight: input.limits.maxHeight,
        maxArea: input.limits.maxArea,
      },
    ],
  };
  if (input.services && input.services.length > 0) doc['service'] = [...input.services];
  return doc;
}
