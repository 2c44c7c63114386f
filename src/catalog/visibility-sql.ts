/**
 * The visibility rule of src/catalog/visibility.ts as an SQL condition, for D1Catalog's listing queries (pure:
 * no bindings, so the unit tests check it against the JavaScript rule).
 */
import type { Visibility } from './visibility';

/**
 * SQL condition true when `column` (an object id) is visible: the same longest-prefix rule as policyFor, as a
 * CASE over the configured prefixes (longest first), with the prefixes bound as parameters.
 */
export function visibleSql(v: Visibility, column: string): { sql: string; params: string[] } {
  if (v.rules.length === 0 && v.defaultVisible) return { sql: '1', params: [] };
  const whens = v.rules.map((r) => `WHEN substr(${column}, 1, ${[...r.prefix].length}) = ? THEN ${r.visible ? 1 : 0}`);
  return { sql: `(CASE ${whens.join(' ')} ELSE ${v.defaultVisible ? 1 : 0} END) = 1`, params: v.rules.map((r) => r.prefix) };
}
