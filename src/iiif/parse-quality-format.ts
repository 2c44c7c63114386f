/**
 * The last path segment, `{quality}.{format}` (Image API 3.0 §4.4–4.5, 2.1 §4.4–4.5). Qualities are the
 * same four in both versions (`grey` was Image API 1.x spelling and is not accepted). Formats other than
 * the three this service encodes are refused with 400: both versions say "A format value that is
 * unsupported SHOULD result in a 400 (Bad Request) status code" (3.0 §4.5, 2.1 §4.5), not 415 or 501.
 */
import type { Format, Quality } from './types';
import { BadRequest } from '../errors';

const QUALITIES: readonly Quality[] = ['default', 'color', 'gray', 'bitonal'];
const FORMATS: readonly Format[] = ['jpg', 'png', 'webp'];
/** In the spec's format table but not produced here. */
const KNOWN_UNSUPPORTED = ['tif', 'gif', 'jp2', 'pdf'];

function isQuality(s: string): s is Quality {
  return (QUALITIES as readonly string[]).includes(s);
}

function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export function parseQualityFormat(raw: string): { quality: Quality; format: Format } {
  const dot = raw.lastIndexOf('.');
  if (dot <= 0 || dot === raw.length - 1) {
    throw new BadRequest(`quality/format "${raw}": expected {quality}.{format}, e.g. default.jpg`);
  }
  const quality = raw.slice(0, dot);
  const format = raw.slice(dot + 1);
  if (!isQuality(quality)) {
    throw new BadRequest(`quality "${quality}": expected one of ${QUALITIES.join(', ')}`);
  }
  if (!isFormat(format)) {
    const why = KNOWN_UNSUPPORTED.includes(format) ? 'is not supported by this service' : 'is not a known format';
    throw new BadRequest(`format "${format}" ${why}; use ${FORMATS.join(', ')}`);
  }
  return { quality, format };
}
