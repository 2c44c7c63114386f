import { describe, expect, it } from 'vitest';
import { MAX_IDENTIFIER_BYTES, keyFor, parseIdentifier } from '../../../src/iiif/identifier';
import { statusOf } from './status';

describe('parseIdentifier', () => {
  it.each([
    ['abcd1234', 'abcd1234'],
    ['open%2Fbook%2Fp001', 'open/book/p001'],
    // Image API 3.0 §9 examples.
    ['ark:%2F12025%2F654xz321', 'ark:/12025/654xz321'],
    ['urn:foo:a123,456', 'urn:foo:a123,456'],
    ['urn:sici:1046-8188(199501)13:1%253C69:FTTHBI%253E2.0.TX;2-4', 'urn:sici:1046-8188(199501)13:1%3C69:FTTHBI%3E2.0.TX;2-4'],
    ['caf%C3%A9', 'café'],
    ['%F0%9F%93%9C', '📜'],
    ['a.b..c', 'a.b..c'],
    ['...', '...'],
    ['.hidden', '.hidden'],
    ['%24%26', '$&'],
    ['x'.repeat(MAX_IDENTIFIER_BYTES), 'x'.repeat(MAX_IDENTIFIER_BYTES)],
  ])('decodes %j', (raw, id) => {
    expect(parseIdentifier(raw)).toBe(id);
  });

  it.each([
    ['', 'empty'],
    ['..', 'parent segment'],
    ['.', 'current segment'],
    ['%2E%2E', 'encoded parent segment'],
    ['a%2F..%2Fb', 'parent segment inside'],
    ['a%2F.%2Fb', 'current segment inside'],
    ['..%2Fsecret', 'leading parent segment'],
    ['%2Fetc%2Fpasswd', 'leading slash'],
    ['a%2F', 'trailing slash'],
    ['a%2F%2Fb', 'double slash'],
    ['a%00b', 'NUL'],
    ['a%0Ab', 'line feed'],
    ['a%1Fb', 'unit separator'],
    ['a%7Fb', 'DEL'],
    ['a%C2%85b', 'C1 next-line'],
    ['a%5Cb', 'encoded backslash'],
    ['a\\b', 'raw backslash'],
    ['%', 'lone percent'],
    ['%zz', 'bad hex'],
    ['%C3', 'truncated UTF-8'],
    ['%C0%AF', 'overlong UTF-8 slash'],
    ['%ED%A0%80', 'encoded surrogate'],
    ['%FF', 'invalid UTF-8 byte'],
    ['a\ud800b', 'lone surrogate'],
    ['x'.repeat(MAX_IDENTIFIER_BYTES + 1), 'too long'],
    ['%C3%A9'.repeat(MAX_IDENTIFIER_BYTES / 2 + 1), 'too long in UTF-8 bytes'],
  ])('refuses %j (%s) with 400', (raw) => {
    expect(statusOf(() => parseIdentifier(raw))).toBe(400);
  });
});

describe('keyFor', () => {
  it.each([
    ['abc', '{id}.tif', 'abc.tif'],
    ['open/book/p001', 'images/{id}.tif', 'images/open/book/p001.tif'],
    ['a$&b', '{id}.tif', 'a$&b.tif'],
    ["a$'b", 'p/{id}', "p/a$'b"],
    ['$1', '{id}', '$1'],
  ])('%j in %j → %j', (id, template, key) => {
    expect(keyFor(id, template)).toBe(key);
  });
});
