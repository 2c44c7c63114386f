/**
 * The spec oracle of the hostile-request properties (test/helpers/worker-iiif-oracle.ts) on cases worked
 * out by hand from Image API 3.0 §4.1–4.2 and 2.1 §4.1–4.2, so the property test's judge is itself checked.
 */
import { describe, expect, it } from 'vitest';
import { allowedAnswers, sizeAllowed, type ApiVersion, type ImageFacts, type ImageRequestMeaning, type NumToken, type RegionMeaning, type SizeMeaning } from '../../helpers/worker-iiif-oracle';

const n = (value: number, form: NumToken['form'] = 'plain'): NumToken => ({ text: String(value), value, form });
const CHART: ImageFacts = {
  width: 1000, height: 700, limits: { maxWidth: 2048, maxHeight: 2048, maxArea: 786_432 },
  qualities: ['default', 'color', 'gray', 'bitonal'], formats: ['jpg', 'png', 'webp'],
};
const full: RegionMeaning = { kind: 'full' };
const px = (x: number, y: number, w: number, h: number): RegionMeaning => ({ kind: 'pixels', x: n(x), y: n(y), w: n(w), h: n(h) });
const pct = (x: number, y: number, w: number, h: number): RegionMeaning => ({ kind: 'percent', x: n(x), y: n(y), w: n(w), h: n(h) });
const ask = (region: RegionMeaning, size: SizeMeaning, degrees = 0): ImageRequestMeaning => ({
  region, size, rotation: { kind: 'turn', mirror: false, degrees: n(degrees) }, quality: 'default', format: 'jpg',
});

describe('answers the spec allows (chart 1000×700)', () => {
  it.each<[string, ApiVersion, ImageRequestMeaning, [number, number] | null, [number, number][]]>([
    // [name, version, request, a size that must be allowed (null: none), sizes that must not be]
    ['3.0 full/max', 3, ask(full, { kind: 'max', up: false }), [1000, 700], [[1000, 701], [999, 700]]],
    ['3.0 w, computes the height', 3, ask(full, { kind: 'w', w: n(50), up: false }), [50, 35], [[51, 35], [50, 37]]],
    ['3.0 w, rounds either way: 333 × 233.1', 3, ask(full, { kind: 'w', w: n(333), up: false }), [333, 233], [[333, 235]]],
    ['3.0 pct:50', 3, ask(full, { kind: 'pct', n: n(50), up: false }), [500, 350], [[500, 352]]],
    ['3.0 !200,200 fits the width', 3, ask(full, { kind: 'fit', w: n(200), h: n(200), up: false }), [200, 140], [[200, 200], [143, 100]]],
    ['region cropped at the edge', 3, ask(px(900, 600, 200, 200), { kind: 'max', up: false }), [100, 100], [[200, 200]]],
    ['square is the shorter side', 3, ask({ kind: 'square' }, { kind: 'max', up: false }), [700, 700], [[1000, 700]]],
    ['rotation 90 swaps the sides', 3, ask(full, { kind: 'w', w: n(100), up: false }, 90), [70, 100], [[100, 70]]],
    ['3.0 ^1050, upscales', 3, ask(full, { kind: 'w', w: n(1050), up: true }), [1050, 735], [[1000, 700]]],
    ['2.1 1050, upscales without ^', 2, ask(full, { kind: 'w', w: n(1050), up: false }), [1050, 735], []],
    ['3.0 max above maxArea shrinks to it', 3, ask(full, { kind: 'max', up: true }), [1059, 741], [[2048, 1434]]],
    ['pct region 10,10,50,50', 3, ask(pct(10, 10, 50, 50), { kind: 'max', up: false }), [500, 350], [[510, 350]]],
  ])('%s', (_, v, req, yes, no) => {
    const a = allowedAnswers(v, req, CHART);
    if (yes) expect(sizeAllowed(a, ...yes), JSON.stringify(a)).toBe(true);
    for (const s of no) expect(sizeAllowed(a, ...s), `${s} ${JSON.stringify(a)}`).toBe(false);
  });
});

describe('refusals the spec requires', () => {
  it.each<[string, ApiVersion, ImageRequestMeaning]>([
    ['3.0 w, larger than the region without ^', 3, ask(full, { kind: 'w', w: n(1001), up: false })],
    ['3.0 pct:101 without ^', 3, ask(full, { kind: 'pct', n: n(101), up: false })],
    ['3.0 size full', 3, ask(full, { kind: 'full', up: false })],
    ['2.1 ^ prefix', 2, ask(full, { kind: 'w', w: n(10), up: true })],
    ['zero-width region', 3, ask(px(0, 0, 0, 10), { kind: 'max', up: false })],
    ['region outside', 3, ask(px(1000, 0, 10, 10), { kind: 'max', up: false })],
    ['pct region outside', 3, ask(pct(100, 0, 5, 5), { kind: 'max', up: false })],
    ['above maxWidth', 3, ask(full, { kind: 'w', w: n(2049), up: true })],
    ['above maxArea', 3, ask(full, { kind: 'wh', w: n(1000), h: n(1000), up: true })],
    ['pct:0', 3, ask(full, { kind: 'pct', n: n(0), up: false })],
    ['malformed number', 3, ask(full, { kind: 'w', w: { text: '1e3', value: NaN, form: 'malformed' }, up: false })],
    ['rotation above 360', 3, ask(full, { kind: 'max', up: false }, 361)],
    ['junk size', 2, ask(full, { kind: 'junk', text: 'abc' })],
  ])('%s', (_, v, req) => {
    const a = allowedAnswers(v, req, CHART);
    expect(a.images, JSON.stringify(a)).toEqual([]);
    expect(a.refusal).toBe(true);
  });

  it('a rotation that is not a multiple of 90° may be 400 or 501, and served if implemented', () => {
    const a = allowedAnswers(3, ask(full, { kind: 'w', w: n(100), up: false }, 45), CHART);
    expect(a.refusal).toBe(true);
    expect(a.notImplemented).toBe(true);
  });

  it('a valid request may not be refused', () => {
    const a = allowedAnswers(3, ask(full, { kind: 'w', w: n(100), up: false }), CHART);
    expect(a.refusal).toBe(false);
    expect(a.notImplemented).toBe(false);
  });
});
