/**
 * Who may see which records (src/catalog/visibility.ts): the longest COLLECTIONS prefix decides, as for
 * images, except that "records":"open" publishes a restricted collection's records; the SQL form used by
 * D1Catalog agrees with the JavaScript rule on every identifier of the table.
 */
import { describe, expect, it } from 'vitest';
import { parseCollections, type Identity } from '../../../src/auth';
import { visibleSql } from '../../../src/catalog/visibility-sql';
import { anyHidden, EVERYTHING, isVisible, visibilityFor } from '../../../src/catalog/visibility';

const auth = parseCollections(
  JSON.stringify({
    default: 'open',
    collections: {
      'private/': { policy: 'restricted', allow: { domains: ['example.org'] } },
      'private/public/': 'open',
      'letters/': { policy: 'restricted', allow: { domains: ['example.org'] }, records: 'open' },
      'tiered/': { policy: 'tiered', maxSize: 500, allow: { domains: ['example.org'] } },
    },
  }),
);
const person = (email: string): Identity => ({ email, groups: [], source: 'access' });

describe('visibility of records', () => {
  it.each([
    ['open/a', true, true, true],
    ['private/a', false, false, true],
    ['private/public/a', true, true, true],
    ['letters/a', true, true, true],
    ['tiered/a', true, true, true],
    ['privateer/a', true, true, true],
  ])('%s: anonymous %s, not allowed %s, allowed %s', (id, anonymous, stranger, allowed) => {
    expect(isVisible(visibilityFor(auth, null), id)).toBe(anonymous);
    expect(isVisible(visibilityFor(auth, person('x@other.example')), id)).toBe(stranger);
    expect(isVisible(visibilityFor(auth, person('r@example.org')), id)).toBe(allowed);
  });

  it('filters nothing when nothing is hidden', () => {
    expect(visibilityFor(auth, person('r@example.org'))).toBe(EVERYTHING);
    expect(visibleSql(EVERYTHING, 'id')).toEqual({ sql: '1', params: [] });
    expect(anyHidden(auth)).toBe(true);
    expect(anyHidden(parseCollections(JSON.stringify({ collections: { 'l/': { policy: 'restricted', allow: { groups: ['g'] }, records: 'open' } } })))).toBe(false);
  });

  it('the SQL rule is the JavaScript rule: longest prefix first, then the default', () => {
    const v = visibilityFor(auth, null);
    const { sql, params } = visibleSql(v, 'id');
    expect(params).toEqual(['private/public/', 'private/', 'letters/', 'tiered/']);
    // Evaluate the CASE expression as SQLite would: substr(id, 1, n) = ? in order, first match wins.
    const whens = [...sql.matchAll(/WHEN substr\(id, 1, (\d+)\) = \? THEN ([01])/g)].map((m, i) => ({ n: Number(m[1]), prefix: params[i]!, visible: m[2] === '1' }));
    const fallback = /ELSE ([01]) END/.exec(sql)![1] === '1';
    for (const id of ['open/a', 'private/a', 'private/public/a', 'letters/a', 'tiered/a', 'private']) {
      const sqlAnswer = whens.find((w) => id.slice(0, w.n) === w.prefix)?.visible ?? fallback;
      expect(sqlAnswer, id).toBe(isVisible(v, id));
    }
  });
});
