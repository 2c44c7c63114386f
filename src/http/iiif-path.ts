/**
 * Splits a raw `/iiif/{version}/…` path into what was asked for. Works on the raw (still percent-encoded)
 * path so that an encoded `%2F` inside an identifier never becomes a path separator (Image API 3.0 §9:
 * identifiers with slashes must be URI-encoded). The identifier segment itself is decoded and checked by
 * parseIdentifier.
 */
import { BadRequest, NotFound } from '../errors';
import { parseIdentifier } from '../iiif/identifier';
import type { ApiVersion } from '../iiif/types';

/** `main`: the image's own service; `capped`: the public tier of a tiered image (`…/{id}/capped/…`). */
export type Variant = 'main' | 'capped';

interface Common {
  readonly version: ApiVersion;
  readonly id: string;
  readonly variant: Variant;
}

export type IiifTarget =
  | (Common & { readonly kind: 'base' })
  | (Common & { readonly kind: 'info' })
  | (Common & { readonly kind: 'probe' })
  | (Common & {
      readonly kind: 'image';
      readonly params: readonly [region: string, size: string, rotation: string, qualityFormat: string];
    });

export function parseIiifPath(pathname: string): IiifTarget {
  const parts = pathname.split('/');
  // ['', 'iiif', version, id, ...rest]
  if (parts[1] !== 'iiif') throw new NotFound('no such route');
  const v = parts[2];
  if (v !== '2' && v !== '3') throw new NotFound(`unknown Image API version "${v ?? ''}" (use /iiif/3/ or /iiif/2/)`);
  const version: ApiVersion = v === '3' ? 3 : 2;
  const rawId = parts[3];
  if (rawId === undefined || rawId === '') throw new BadRequest('missing identifier');
  const id = parseIdentifier(rawId);
  let rest = parts.slice(4);
  let variant: Variant = 'main';
  if (rest[0] === 'capped') {
    variant = 'capped';
    rest = rest.slice(1);
  }
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return { kind: 'base', version, id, variant };
  if (rest.length === 1 && rest[0] === 'info.json') return { kind: 'info', version, id, variant };
  // IIIF Auth 2.0 §5.1: the probe belongs to the main Image API 3.0 service.
  if (rest.length === 1 && rest[0] === 'probe' && version === 3 && variant === 'main') return { kind: 'probe', version, id, variant };
  if (rest.length === 4) {
    const [region, size, rotation, qualityFormat] = rest.map((s) => safeDecode(s)) as [string, string, string, string];
    return { kind: 'image', version, id, variant, params: [region, size, rotation, qualityFormat] };
  }
  throw new BadRequest(
    `expected /iiif/${version}/{identifier}/info.json or /iiif/${version}/{identifier}/{region}/{size}/{rotation}/{quality}.{format}`,
  );
}

/** Parameters may arrive percent-encoded (`%21` for `!`, `%2C` for `,`, `%5E` for `^`). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequest(`malformed percent-encoding in "${segment}"`);
  }
}
