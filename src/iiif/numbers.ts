/**
 * Number grammar shared by the URL parsers. Pixel values are non-negative integers; percentages and
 * rotation are decimals made only of digits and "." (Image API 3.0 §4 and §4.7, 2.1 §4). Anything else
 * (signs, exponents, "1.", blanks, empty) is malformed and rejected with a BadRequest naming the component.
 */
import { BadRequest } from '../errors';

const INTEGER = /^\d+$/;
/** 3.0 §4.7: "MUST consist only of decimal digits and '.'"; the leading 0 before "." is only a SHOULD. */
const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A non-negative integer (3.0 §4: "Size and region parameters in pixels MUST be non-negative integers"). */
export function parseInteger(component: string, raw: string, whole: string): number {
  if (!INTEGER.test(raw)) throw new BadRequest(`${component} "${whole}": "${raw}" is not a non-negative integer`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new BadRequest(`${component} "${whole}": ${raw} is too large`);
  return n;
}

/** A non-negative decimal (3.0 §4.7 Floating Point Values; 2.1 §4). */
export function parseDecimal(component: string, raw: string, whole: string): number {
  if (!DECIMAL.test(raw)) throw new BadRequest(`${component} "${whole}": "${raw}" is not a decimal number`);
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new BadRequest(`${component} "${whole}": ${raw} is too large`);
  return n;
}
