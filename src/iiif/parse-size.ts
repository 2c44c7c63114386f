/**
 * Size parameter. Image API 3.0 §4.2: `max`, `w,`, `,h`, `pct:n`, `w,h`, `!w,h`, each optionally prefixed
 * by `^` to allow upscaling. Image API 2.1 §4.2: `full`, `max`, `w,`, `,h`, `pct:n`, `w,h`, `!w,h`, with no
 * `^` (2.1 allows upscaling without it). 3.0 removed `full` (3.0 change log §1.1.1; the validator's
 * size_nofull test expects it refused), so `full` is a 400 in 3.0 and `^…` is a 400 in 2.1.
 */
import type { ApiVersion, SizeSpec } from './types';
import { parseDecimal, parseInteger } from './numbers';
import { BadRequest } from '../errors';

const FORMS_3 = 'max, w,, ,h, pct:n, w,h or !w,h (optionally prefixed by ^)';
const FORMS_2 = 'full, max, w,, ,h, pct:n, w,h or !w,h';

function widthHeight(body: string, raw: string): { w: number | null; h: number | null } {
  const parts = body.split(',');
  if (parts.length !== 2) throw new BadRequest(`size "${raw}": expected one comma between width and height`);
  const [w, h] = parts as [string, string];
  if (w === '' && h === '') throw new BadRequest(`size "${raw}": give a width, a height or both`);
  return {
    w: w === '' ? null : parseInteger('size', w, raw),
    h: h === '' ? null : parseInteger('size', h, raw),
  };
}

function parseBody(body: string, upscale: boolean, raw: string, forms: string): SizeSpec {
  if (body === 'max') return { kind: 'max', upscale };
  if (body.startsWith('pct:')) return { kind: 'percent', n: parseDecimal('size', body.slice(4), raw), upscale };
  if (!body.includes(',')) throw new BadRequest(`size "${raw}": expected ${forms}`);
  const confined = body.startsWith('!');
  const { w, h } = widthHeight(confined ? body.slice(1) : body, raw);
  if (w !== null && h !== null) return { kind: confined ? 'fit' : 'exact', w, h, upscale };
  if (confined) throw new BadRequest(`size "${raw}": !w,h needs both a width and a height`);
  return w !== null ? { kind: 'width', w, upscale } : { kind: 'height', h: h!, upscale };
}

export function parseSize(version: ApiVersion, raw: string): SizeSpec {
  if (version === 2) {
    if (raw.startsWith('^')) throw new BadRequest(`size "${raw}": the ^ prefix is Image API 3.0 syntax, not 2.1`);
    // 2.1 §4.2: `full` is the unscaled region. It is served as `max`, which equals `full` unless the region is
    // above the advertised limits; those limits would refuse an unscaled request anyway.
    if (raw === 'full') return { kind: 'max', upscale: false };
    return parseBody(raw, false, raw, FORMS_2);
  }
  if (raw === 'full' || raw === '^full') {
    throw new BadRequest(`size "${raw}": Image API 3.0 replaced size "full" with "max"`);
  }
  const upscale = raw.startsWith('^');
  return parseBody(upscale ? raw.slice(1) : raw, upscale, raw, FORMS_3);
}
