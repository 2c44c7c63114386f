/**
 * Natural order of identifiers ("page 2" before "page 10"): the order of an object's pages when they come from
 * a folder or an identifier prefix, and of objects in a collection (objects.sort_key, migrations/0001_catalog.sql).
 * The sort key compares with plain binary comparison, as SQLite's default collation does, so a collection's
 * keyset cursor (`WHERE (sort_key, id) > (?, ?)`) pages in the same order the importer sorted.
 */

/** Digits in a run are written as their count (3 digits) then the digits without leading zeros. */
export function naturalSortKey(text: string): string {
  return text.replace(/\d+/g, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '');
    return `${String(digits.length).padStart(3, '0')}${digits}`;
  });
}

/** Natural comparison; ties (`007` and `7`) fall back to the plain text so the order is total. */
export function compareNatural(a: string, b: string): number {
  const ka = naturalSortKey(a);
  const kb = naturalSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
