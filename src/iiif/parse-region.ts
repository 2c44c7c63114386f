/**
 * Region parameter (Image API 3.0 §4.1, 2.1 §4.1): `full`, `square`, `x,y,w,h` in pixels or
 * `pct:x,y,w,h` in percent of the full image. The grammar is the same in both versions; whether the
 * rectangle lies on the image is decided by resolve, which knows the image size.
 */
import type { RegionSpec } from './types';
import { parseDecimal, parseInteger } from './numbers';
import { BadRequest } from '../errors';

const PCT = 'pct:';

function fourParts(raw: string, body: string): [string, string, string, string] {
  const parts = body.split(',');
  if (parts.length !== 4) throw new BadRequest(`region "${raw}": expected four comma-separated numbers x,y,w,h`);
  return parts as [string, string, string, string];
}

export function parseRegion(raw: string): RegionSpec {
  if (raw === 'full') return { kind: 'full' };
  if (raw === 'square') return { kind: 'square' };
  if (raw.startsWith(PCT)) {
    const [x, y, w, h] = fourParts(raw, raw.slice(PCT.length)).map((p) => parseDecimal('region', p, raw));
    return { kind: 'percent', x, y, w, h };
  }
  if (!raw.includes(',')) throw new BadRequest(`region "${raw}": expected full, square, x,y,w,h or pct:x,y,w,h`);
  const [x, y, w, h] = fourParts(raw, raw).map((p) => parseInteger('region', p, raw));
  return { kind: 'pixels', x, y, w, h };
}
