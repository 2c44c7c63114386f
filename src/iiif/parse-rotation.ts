/**
 * Rotation parameter (Image API 3.0 §4.3, 2.1 §4.3): `n` or `!n`, n a decimal from 0 to 360, `!` meaning
 * mirror first. Any value in range parses; resolve decides which angles this service renders.
 */
import type { RotationSpec } from './types';
import { parseDecimal } from './numbers';
import { BadRequest } from '../errors';

export function parseRotation(raw: string): RotationSpec {
  const mirror = raw.startsWith('!');
  const degrees = parseDecimal('rotation', mirror ? raw.slice(1) : raw, raw);
  // §4.3: "A rotation value that is out of range … SHOULD result in a 400 (Bad Request)".
  if (degrees > 360) throw new BadRequest(`rotation "${raw}": degrees must be from 0 to 360`);
  return { mirror, degrees };
}
