/**
 * Identifiers: one URL path segment, percent-decoded once (Image API 3.0 §3 and §9: slashes inside an
 * identifier arrive as %2F, so they name folders in the store). The decoded value is placed into the R2 key
 * template, so anything that could step outside it or confuse a key is refused here with 400, before any
 * read: dot segments, empty segments, control characters, backslashes, malformed encoding, overlong ids.
 * 3.0 §10 asks for exactly this early sanitising ("directory traversal attacks … lengths, invalid characters").
 */
import { BadRequest } from '../errors';

/** Longest identifier accepted, in UTF-8 bytes (R2 keys may be up to 1024 bytes; the template adds some). */
export const MAX_IDENTIFIER_BYTES = 512;

/** C0 controls, DEL and C1 controls: never meaningful in a key, and dangerous in logs and headers. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function decode(raw: string): string {
  try {
    // decodeURIComponent throws URIError on malformed escapes and on byte sequences that are not UTF-8.
    return decodeURIComponent(raw);
  } catch {
    throw new BadRequest(`identifier "${raw}": malformed percent-encoding or invalid UTF-8`);
  }
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Decodes one raw path segment into an identifier that is safe to put into the key template. */
export function parseIdentifier(rawSegment: string): string {
  const id = decode(rawSegment);
  if (id === '') throw new BadRequest('identifier is empty');
  if (LONE_SURROGATE.test(id)) throw new BadRequest(`identifier "${rawSegment}": invalid UTF-16`);
  if (utf8Length(id) > MAX_IDENTIFIER_BYTES) {
    throw new BadRequest(`identifier is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  if (CONTROL.test(id)) throw new BadRequest(`identifier "${rawSegment}": contains a control character`);
  if (id.includes('\\')) throw new BadRequest(`identifier "${rawSegment}": contains a backslash`);
  for (const segment of id.split('/')) {
    if (segment === '') throw new BadRequest(`identifier "${rawSegment}": empty folder segment`);
    if (segment === '.' || segment === '..') {
      throw new BadRequest(`identifier "${rawSegment}": "${segment}" segments are not allowed`);
    }
  }
  return id;
}

/**
 * The storage key for an identifier: the template with `{id}` replaced (config guarantees exactly one).
 * A replacer function, not a replacement string, so `$&`, `$'` and the like in an id stay literal.
 */
export function keyFor(id: string, template: string): string {
  return template.replace('{id}', () => id);
}
