/**
 * The hostile-request harness: fast-check generators of Image API requests (valid, unusual and malformed,
 * each token carrying the meaning the spec gives it, for worker-iiif-oracle.ts), of hostile path segments,
 * methods and headers, and the invariants every answer must keep (an answer in time, never a 5xx, a
 * refusal with a one-line reason). Route-neutral on purpose: a new route (catalogue, search) reuses
 * `hostileSegment`, `hostileHeaders`, `ODD_METHODS`, `answerWithin` and `expectSaneAnswer` with its own
 * path builder.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ApiVersion, Form, ImageRequestMeaning, NumToken, RegionMeaning, RotationMeaning, SizeMeaning } from './worker-iiif-oracle';

/**
 * Fixed seed, so a failure repeats; fast-check prints the seed and the shrunk counterexample's path
 * (`{ seed, path }` replays it). Change it to explore other cases.
 */
export const FUZZ_SEED = 20261202;

/** An answer that takes longer than this counts as a hang. */
export const HANG_MS = 20_000;

const tok = (text: string, value: number, form: Form): NumToken => ({ text, value, form });

/** Integers that are not in the non-negative integer grammar (3.0 §4: "MUST be non-negative integers"). */
const BAD_INTEGERS = ['-1', '-0', '+5', '1e3', '1E3', '1.5', '.5', '1.', '0x10', 'Infinity', 'NaN', '', ' 1', '1 ', '1_000',
  '\u0661\u0662', '\uff11\uff12', '1\u0000', '\u00bd', '١'];
/** Decimals that are not in the decimal grammar (3.0 §4.7: digits and "." only; 2.1 §4 likewise). */
const BAD_DECIMALS = ['-1', '-0.5', '+5', '1e3', '1E-3', '0x10', 'Infinity', 'NaN', '', ' 5', '1..2', '.', '1.2.3', '\uff15', '5%'];

/** A non-negative integer around `scale` (plus zero, edges and huge values), or a malformed one. */
export function integerToken(scale: number, edges: readonly number[] = [], malformed = true): fc.Arbitrary<NumToken> {
  const plain = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: Math.max(1, scale) }) },
    { weight: 3, arbitrary: fc.constantFrom(0, 1, 2, ...edges, ...edges.map((e) => e + 1), ...edges.map((e) => Math.max(0, e - 1))) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1, 10 ** 15) },
  ).map((v) => tok(String(v), v, 'plain'));
  return fc.oneof(
    { weight: 20, arbitrary: plain },
    // A leading zero: digits only, so arguably valid; a reader may also refuse it.
    { weight: 1, arbitrary: fc.integer({ min: 0, max: scale }).map((v) => tok(`0${v}`, v, 'lenient')) },
    // Beyond 2^53 a reader cannot represent the value; refusing or clamping are both sane.
    { weight: 1, arbitrary: fc.constantFrom('9'.repeat(20), `1${'0'.repeat(30)}`, '9'.repeat(400)).map((t) => tok(t, Number(t), 'lenient')) },
    ...(malformed ? [{ weight: 4, arbitrary: fc.constantFrom(...BAD_INTEGERS).map((t) => tok(t, NaN, 'malformed')) }] : []),
  );
}

/** A non-negative decimal (percentages, rotation): integers, fractions, tiny and edge values, or malformed ones. */
export function decimalToken(max: number, edges: readonly number[], malformed = true): fc.Arbitrary<NumToken> {
  const integral = fc.integer({ min: 0, max }).map((v) => tok(String(v), v, 'plain'));
  const fraction = fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 1, max: 9999 })).map(([i, f]) => {
    const digits = String(f).padStart(4, '0').replace(/0+$/, '');
    return tok(`${i}.${digits}`, Number(`${i}.${digits}`), 'plain');
  });
  const edge = fc.constantFrom(...edges, 0.0001, 0.001, 0.01, 99.9999, 100.0001, 1000, 1e6).map((v) => {
    const text = v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
    return tok(text, Number(text), 'plain');
  });
  // `.5`, `1.` and trailing zeros: the spec's examples never use them; a reader may take or refuse them.
  const unusual = fc.constantFrom('.5', '.25', '1.', '90.', '50.0', '050', '0.50', '00', `0.${'0'.repeat(40)}1`).map((t) => tok(t, Number(t), 'lenient'));
  return fc.oneof(
    { weight: 10, arbitrary: integral },
    { weight: 6, arbitrary: fraction },
    { weight: 4, arbitrary: edge },
    { weight: 1, arbitrary: unusual },
    ...(malformed ? [{ weight: 4, arbitrary: fc.constantFrom(...BAD_DECIMALS).map((t) => tok(t, NaN, 'malformed')) }] : []),
  );
}

/**
 * Parameter texts outside the grammar, with how to put them into the URL: `raw` ones are URL-level tricks
 * sent as they are (malformed escapes, double encoding, overlong UTF-8, NUL); the others are encoded.
 */
export interface JunkText {
  readonly text: string;
  readonly raw: boolean;
}

const JUNK: readonly JunkText[] = [
  ...['', ' ', 'FULL', 'Full', 'full ', 'max ', 'MAX', 'pct:', 'pct:1,2,3', 'pct:1,2,3,4,5', '1,2,3', '1,2,3,4,5', ',,,', ',', '!', '^',
    '^^max', '!!90', '!^1,1', '^!^1,1', 'pct', 'pct:pct:10', 'ｆｕｌｌ', 'full\u0000', '\u202efull', '🖼', 'max\n', 'max;rm -rf',
    '<script>', '${jndi:x}', '%', '%%', 'x'.repeat(65536), '1'.repeat(65536), `pct:${'5'.repeat(5000)}`, '1,1,1,1'.repeat(2000)].map((text) => ({ text, raw: false })),
  ...['%', '%2', '%zz', '%252C', '%2520', '%25', '%C0%AF', '%C0%AE%C0%AE', '%E0%80%AF', '%ED%A0%80', '%FF', '%00', 'full%00', 'max%00.jpg',
    '%2e%2e', '%2F', '..%2F', 'full%2F..', '%u002e', '%EF%BC%8C'].map((text) => ({ text, raw: true })),
];

export const junkText: fc.Arbitrary<JunkText> = fc.constantFrom(...JUNK);

/** The URL text of a parameter: plain, or percent-encoded in full (RFC 3986 §2.1: the same parameter). */
function encoded(text: string, how: 'plain' | 'encode'): string {
  if (how === 'encode') return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return encodeURI(text).replace(/[?#]/g, encodeURIComponent);
}

export interface GeneratedRequest {
  readonly meaning: ImageRequestMeaning;
  /** `{region}/{size}/{rotation}/{quality}.{format}` as sent. */
  readonly params: string;
}

interface Part<M> {
  readonly meaning: M;
  readonly text: string;
  readonly raw?: boolean;
}

function regionPart(W: number, H: number, bad: boolean): fc.Arbitrary<Part<RegionMeaning>> {
  const xs = integerToken(W + 20, [W], bad);
  const ys = integerToken(H + 20, [H], bad);
  const pct = decimalToken(100, [0, 50, 99, 100, 101], bad);
  const four = (kind: 'pixels' | 'percent', a: fc.Arbitrary<NumToken>, b: fc.Arbitrary<NumToken>) =>
    fc.tuple(a, b, a, b).map(([x, y, w, h]) => ({
      meaning: { kind, x, y, w, h } as const,
      text: `${kind === 'percent' ? 'pct:' : ''}${x.text},${y.text},${w.text},${h.text}`,
    }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('full', 'square').map((k) => ({ meaning: { kind: k } as RegionMeaning, text: k })) },
    { weight: 5, arbitrary: four('pixels', xs, ys) },
    { weight: 3, arbitrary: four('percent', pct, pct) },
    ...(bad ? [{ weight: 1, arbitrary: junkText.map((j) => ({ meaning: { kind: 'junk', text: j.text } as RegionMeaning, text: j.text, raw: j.raw })) }] : []),
  );
}

function sizePart(version: ApiVersion, W: number, H: number, bad: boolean): fc.Arbitrary<Part<SizeMeaning>> {
  const ws = integerToken(Math.min(W, 600), [W], bad);
  const hs = integerToken(Math.min(H, 600), [H], bad);
  // 3.0: `^` half the time; 2.1: sometimes, to check it is refused there.
  const upOr21 = version === 3 ? fc.boolean() : bad ? fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false);
  const pre = (u: boolean) => (u ? '^' : '');
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...(version === 2 || bad ? ['max', 'full'] : ['max'])), upOr21).map(([k, u]) => ({ meaning: { kind: k, up: u } as SizeMeaning, text: `${pre(u)}${k}` })) },
    { weight: 3, arbitrary: fc.tuple(ws, upOr21).map(([w, u]) => ({ meaning: { kind: 'w', w, up: u } as SizeMeaning, text: `${pre(u)}${w.text},` })) },
    { weight: 3, arbitrary: fc.tuple(hs, upOr21).map(([h, u]) => ({ meaning: { kind: 'h', h, up: u } as SizeMeaning, text: `${pre(u)},${h.text}` })) },
    { weight: 3, arbitrary: fc.tuple(decimalToken(120, [0, 100, 101, 200], bad), upOr21).map(([n, u]) => ({ meaning: { kind: 'pct', n, up: u } as SizeMeaning, text: `${pre(u)}pct:${n.text}` })) },
    { weight: 2, arbitrary: fc.tuple(ws, hs, upOr21).map(([w, h, u]) => ({ meaning: { kind: 'wh', w, h, up: u } as SizeMeaning, text: `${pre(u)}${w.text},${h.text}` })) },
    { weight: 3, arbitrary: fc.tuple(ws, hs, upOr21).map(([w, h, u]) => ({ meaning: { kind: 'fit', w, h, up: u } as SizeMeaning, text: `${pre(u)}!${w.text},${h.text}` })) },
    ...(bad ? [{ weight: 1, arbitrary: junkText.map((j) => ({ meaning: { kind: 'junk', text: j.text } as SizeMeaning, text: j.text, raw: j.raw })) }] : []),
  );
}

function rotationPart(bad: boolean): fc.Arbitrary<Part<RotationMeaning>> {
  const quarter = fc.constantFrom(0, 90, 180, 270, 360).map((v) => tok(String(v), v, 'plain'));
  const degrees = fc.oneof({ weight: bad ? 6 : 12, arbitrary: quarter }, { weight: 2, arbitrary: decimalToken(400, [0, 90, 359.9999, 360, 360.0001, 361], bad) });
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.boolean(), degrees).map(([m, d]) => ({ meaning: { kind: 'turn', mirror: m, degrees: d } as RotationMeaning, text: `${m ? '!' : ''}${d.text}` })) },
    ...(bad ? [{ weight: 1, arbitrary: junkText.map((j) => ({ meaning: { kind: 'junk', text: j.text } as RotationMeaning, text: j.text, raw: j.raw })) }] : []),
  );
}

const GOOD_QUALITIES = fc.constantFrom('default', 'color', 'gray', 'bitonal');
const QUALITIES = fc.oneof(
  { weight: 8, arbitrary: GOOD_QUALITIES },
  { weight: 1, arbitrary: fc.constantFrom('grey', 'native', 'Default', 'DEFAULT', '', 'default ', 'colour', 'gray.gray', '..') },
);
const GOOD_FORMATS = fc.constantFrom('jpg', 'png', 'webp');
const FORMATS = fc.oneof(
  { weight: 8, arbitrary: GOOD_FORMATS },
  { weight: 1, arbitrary: fc.constantFrom('jpeg', 'JPG', 'tif', 'gif', 'jp2', 'pdf', '', 'jpg ', 'svg', 'jpg.png', 'html') },
);

/**
 * A request for an image of W×H, each part plain or percent-encoded. `grammar: 'valid'` keeps to the
 * grammar (edge and huge values, unusual spellings, `^` and limits still make some of them refusals);
 * `'hostile'` also puts malformed numbers and junk into every part. Sizes stay moderate (a few hundred
 * pixels) so a run of hundreds stays fast; `^` forms and huge numbers still reach past the limits.
 */
export function imageRequest(version: ApiVersion, W: number, H: number, grammar: 'valid' | 'hostile' = 'hostile'): fc.Arbitrary<GeneratedRequest> {
  const bad = grammar === 'hostile';
  return fc.record({
    region: regionPart(W, H, bad),
    size: sizePart(version, W, H, bad),
    rotation: rotationPart(bad),
    quality: bad ? QUALITIES : GOOD_QUALITIES,
    format: bad ? FORMATS : GOOD_FORMATS,
    encode: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  }).map(({ region, size, rotation, quality, format, encode }) => {
    const put = (p: Part<unknown>, i: number) => (p.raw ? p.text : encoded(p.text, encode[i] ? 'encode' : 'plain'));
    const qf = `${quality}.${format}`;
    const qfText = /[%/]/.test(qf) ? encodeURIComponent(qf) : encoded(qf, encode[3] ? 'encode' : 'plain');
    return {
      meaning: { region: region.meaning, size: size.meaning, rotation: rotation.meaning, quality, format },
      params: `${put(region, 0)}/${put(size, 1)}/${put(rotation, 2)}/${qfText}`,
    };
  });
}

/**
 * Hostile identifier segments (raw URL text): traversal plain and encoded, double encoding, overlong
 * UTF-8, NUL and controls, unicode look-alikes, and 64 KB. Each is one path segment as sent.
 */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '..', '.', '%2e%2e', '%2E%2E', '.%2e', '%2e', '..%2Fchart', '%2e%2e%2Fchart', '..%5Cchart', '%2e%2e%5cchart', 'a%2F..%2Fchart',
  'a%2F.%2Fchart', '%2Fchart', 'chart%2F', 'a%2F%2Fchart', '%252e%252e%252Fchart', '%252Fchart', '%C0%AE%C0%AE%C0%AFchart', '%C0%AFchart',
  '%E0%80%AFchart', 'chart%00', '%00', 'chart%00.tif', 'chart%0A', 'chart%0D%0ASet-Cookie:x=1', '%7F', '%C2%85', 'chart%ED%A0%80', '%FF%FE',
  '%', '%zz', 'chart%', '%u2215chart', '\u2215chart', '%E2%88%95chart', '%EF%BC%8F..%EF%BC%8Fchart', 'ch%61rt', '%63%68%61%72%74', 'CHART',
  'chart.tif', 'chart%3F', 'chart%23', '%3Fx=1', '~', '$', 'a'.repeat(513), 'é'.repeat(300), 'x'.repeat(65536), '%41'.repeat(20000),
  '%F0%9F%96%BC', '%00'.repeat(10), 'con', 'nul', 'chart.', 'chart ', '%20chart', 'chart%20',
];

export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
  // Arbitrary unicode, percent-encoded as a client would.
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => encodeURIComponent(s)) },
  // Arbitrary bytes as escapes: mostly invalid UTF-8.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => Array.from(b, (x) => `%${x.toString(16).padStart(2, '0')}`).join('')) },
);

/**
 * Methods beyond GET/HEAD/OPTIONS that workerd lets reach a Worker: the write methods, TRACE, WebDAV and
 * others of its fixed list, and a lower-case one. Methods outside that list (TRACK, CONNECT, LINK, made-up
 * ones) never reach the Worker: `new Request` throws, and workerd answers them itself.
 */
export const ODD_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY',
  'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'QUERY', 'PURGE', 'REPORT', 'ACL', 'NOTIFY', 'SUBSCRIBE', 'patch'];

const BIG = 'A'.repeat(64 * 1024);
/** A JWT-shaped value whose parts are garbage, or a header asking for `alg: none`, or enormous. */
const JWT_LIKE = [
  'a.b.c', '...', 'eyJ.eyJ.x', `${btoa('{"alg":"none"}')}.${btoa('{"email":"a@example.org"}')}.`,
  `${btoa('{"alg":"RS256","kid":"' + 'k'.repeat(20000) + '"}')}.e30.AAAA`, `${btoa('{"alg":"HS256"}')}.${btoa('{"email":"reader@example.org"}')}.x`,
  BIG, `${BIG}.${BIG}.${BIG}`, 'Bearer x', '\t', 'null',
];

export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    Range: fc.constantFrom('bytes=0-99', 'bytes=-1', 'bytes=99999999999-', 'bytes=5-1', 'items=1-2', 'bytes=', `bytes=${Array.from({ length: 2000 }, (_, i) => `${i}-${i}`).join(',')}`, 'x'),
    'If-None-Match': fc.constantFrom('*', ' * ', '"a", "b"', 'W/"x", *', '"x"*', `${Array.from({ length: 3000 }, (_, i) => `"${i}"`).join(', ')}`, '"'.repeat(1000), ',,,', 'W/'),
    'If-Modified-Since': fc.constantFrom('yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', 'x'.repeat(5000)),
    Cookie: fc.constantFrom(`CF_Authorization=${BIG}`, `a=${BIG}; CF_Authorization=a.b.c`, Array.from({ length: 3000 }, (_, i) => `c${i}=v`).join('; '), 'CF_Authorization=; CF_Authorization=x', ';;;=;', 'CF_Authorization'),
    'Cf-Access-Jwt-Assertion': fc.constantFrom(...JWT_LIKE),
    Authorization: fc.constantFrom('Bearer', 'Bearer ', `Bearer ${BIG}`, 'Basic Zm9vOmJhcg==', 'Bearer a.b.c', `Bearer ${JWT_LIKE[3]}`),
    Accept: fc.constantFrom('', '*/*', 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"', 'application/json;q=abc',
      'text/html', 'x'.repeat(10000), ',,,;;;', 'application/ld+json;profile=', 'image/*;q=0'),
    Origin: fc.constantFrom('null', 'https://evil.example', 'x'.repeat(3000), 'http://127.0.0.1'),
  },
  { requiredKeys: [] },
);

/** Resolves to the answer, or fails the test when none comes within `ms` (a hang). */
export async function answerWithin(what: string, ms: number, answer: () => Promise<Response>): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what.slice(0, 300)}`)), ms);
  });
  try {
    return await Promise.race([answer(), hung]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

export interface SaneOptions {
  /** A 501 is allowed (a valid request for something not implemented). */
  readonly allow501?: boolean;
  /** The request was HEAD: no body to read a reason from (RFC 9110 §9.3.2). */
  readonly head?: boolean;
}

/**
 * What every answer must be, whatever was asked: not a 5xx (except 501 when allowed), and a refusal is
 * plain text whose body is one non-empty line (the reason) and is not cached. Returns the body.
 */
export async function expectSaneAnswer(what: string, res: Response, { allow501 = false, head = false }: SaneOptions = {}): Promise<Uint8Array> {
  const body = new Uint8Array(await res.arrayBuffer());
  const label = `${what.slice(0, 300)} → ${res.status}`;
  if (res.status >= 500) expect(allow501 && res.status === 501, `${label}: ${new TextDecoder().decode(body.slice(0, 300))}`).toBe(true);
  if (res.status >= 400) {
    const text = new TextDecoder().decode(body);
    expect(res.headers.get('Content-Type'), label).toMatch(/^text\/plain/);
    expect(res.headers.get('Cache-Control'), label).toMatch(/no-store/);
    if (head) expect(body.length, `${label}: HEAD has no body`).toBe(0);
    else {
      expect(text.endsWith('\n'), `${label}: reason ends the line`).toBe(true);
      const reason = text.slice(0, -1);
      expect(reason.trim().length, `${label}: a reason`).toBeGreaterThan(0);
      expect(/[\r\n]/.test(reason), `${label}: one line: ${JSON.stringify(reason.slice(0, 300))}`).toBe(false);
    }
  }
  return body;
}
