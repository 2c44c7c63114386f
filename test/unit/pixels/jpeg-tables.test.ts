/** Tables of the TypeScript JPEG encoder: IJG quality scaling, Annex K Huffman tables, optimal tables (K.2). */
import { describe, expect, it } from 'vitest';
import { huffmanCodes, optimalSpec } from '../../../src/pixels/jpeg/huffman';
import { AC_CHROMA, AC_LUMA, DC_CHROMA, DC_LUMA, quantTable, ZIGZAG, type HuffmanSpec } from '../../../src/pixels/jpeg/tables';

/** Checks a table is a complete-enough prefix code: Kraft sum < 1 (no all-ones code, T.81 §C). */
function prefixFree(spec: HuffmanSpec): void {
  expect(spec.bits.reduce((a, b) => a + b, 0)).toBe(spec.values.length);
  expect(new Set(spec.values).size).toBe(spec.values.length);
  const kraft = spec.bits.reduce((sum, n, i) => sum + n / 2 ** (i + 1), 0);
  expect(kraft).toBeLessThan(1);
  const { code, size } = huffmanCodes(spec);
  const words = spec.values.map((v) => code[v]!.toString(2).padStart(size[v]!, '0'));
  for (const a of words) for (const b of words) if (a !== b) expect(b.startsWith(a)).toBe(false);
}

describe('quantTable', () => {
  it.each([
    { quality: 50, kind: 'luma' as const, first: 16, last: 99 },
    { quality: 50, kind: 'chroma' as const, first: 17, last: 99 },
    { quality: 85, kind: 'luma' as const, first: 5, last: 30 },
    { quality: 100, kind: 'luma' as const, first: 1, last: 1 },
    { quality: 1, kind: 'luma' as const, first: 255, last: 255 },
  ])('q$quality $kind: DC step $first, last step $last', ({ quality, kind, first, last }) => {
    const t = quantTable(kind, quality);
    expect([t[0], t[63]]).toEqual([first, last]);
  });
});

describe('Huffman tables', () => {
  it.each([
    ['DC luma', DC_LUMA],
    ['DC chroma', DC_CHROMA],
    ['AC luma', AC_LUMA],
    ['AC chroma', AC_CHROMA],
  ] as const)('Annex K %s is a prefix code with one symbol per count', (_, spec) => prefixFree(spec));

  it.each([
    { name: 'one symbol', counts: { 0: 10 } },
    { name: 'two equal', counts: { 0: 5, 1: 5 } },
    { name: 'geometric (would need codes over 16 bits)', counts: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i, 2 ** Math.min(i, 30)])) },
    { name: 'every AC symbol', counts: Object.fromEntries(Array.from({ length: 256 }, (_, i) => [i, 1 + (i % 7)])) },
  ])('optimal table, $name: every used symbol coded, at most 16 bits, prefix-free', ({ counts }) => {
    const c = new Float64Array(256);
    for (const [k, v] of Object.entries(counts)) c[Number(k)] = v;
    const spec = optimalSpec(c);
    prefixFree(spec);
    expect(spec.values.slice().sort((a, b) => a - b)).toEqual([...c.keys()].filter((k) => c[k]! > 0));
  });

  it('the optimal table gives frequent symbols codes no longer than rare ones', () => {
    const c = new Float64Array(256);
    c[1] = 1000;
    c[2] = 10;
    c[3] = 1;
    const { size } = huffmanCodes(optimalSpec(c));
    expect(size[1]!).toBeLessThanOrEqual(size[2]!);
    expect(size[2]!).toBeLessThanOrEqual(size[3]!);
  });
});

describe('ZIGZAG', () => {
  it('is a permutation of 0–63 that walks the anti-diagonals', () => {
    expect([...ZIGZAG].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    const diag = [...ZIGZAG].map((n) => (n >> 3) + (n & 7));
    expect(diag).toEqual(diag.slice().sort((a, b) => a - b));
  });
});
