/**
 * Hostile requests against the real Worker (issue "Hardening"): fast-check generates valid, unusual and
 * malformed Image API 3.0 and 2.1 requests and sends them through the Worker's entry in workerd. A valid
 * one must return an image of a size the spec allows (worker-iiif-oracle.ts, computed from the spec text,
 * never from src/iiif), read from the body's header bytes; an invalid one a 4xx with a one-line reason;
 * nothing a 5xx (an unsupported rotation is a 400, as 3.0 §4.3 asks), nothing may hang. The limits
 * come from each configuration's info.json, so they may change without touching this file. Then hostile
 * identifiers (traversal, encodings, 64 KB) and odd methods and headers.
 *
 * Bounded: a few hundred cases per property with a fixed seed (FUZZ_SEED); a failure prints the seed and
 * the shrunk counterexample. Valid requests whose answer could exceed IMAGE_BUDGET pixels are skipped
 * (fc.pre), only to keep the run short with large configured limits; the refusals are always sent.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { pixelSize } from '../helpers/image-size';
import { accessTeam, call, IDS } from '../helpers/worker-access';
import { fixtureBytes, seed, type FixtureName } from '../helpers/worker-fixtures';
import {
  answerWithin, expectSaneAnswer, FUZZ_SEED, HANG_MS, hostileHeaders, hostileSegment, HOSTILE_SEGMENTS, imageRequest,
  ODD_METHODS, type GeneratedRequest,
} from '../helpers/worker-hostile';
import { allowedAnswers, sizeAllowed, type Allowed, type ApiVersion, type ImageFacts } from '../helpers/worker-iiif-oracle';

/** Images of different shapes: landscape, portrait, odd sizes, square and a single pixel. */
const IMAGES: readonly FixtureName[] = ['chart', 'gray', 'vipsOdd', 'odd257', 'oneByOne'];
/** Largest answer (pixels) a generated valid request may ask for; see the header. */
const IMAGE_BUDGET = 2_500_000;
const RUNS = { valid: 300, hostile: 200, smallLimits: 200, identifiers: 150, methods: 200 };

/** Objects a traversal would reach if an identifier slipped into the key template unchecked. */
const DECOYS = ['../chart.tif', 'a/../chart.tif', './chart.tif', 'a//chart.tif', '/chart.tif', 'a\\chart.tif', '..\\chart.tif', 'chart\u0000.tif'];

const SMALL_LIMITS = { MAX_WIDTH: '300', MAX_HEIGHT: '260', MAX_AREA: '50000' };

interface Info3 {
  width: number;
  height: number;
  maxWidth: number;
  maxHeight: number;
  maxArea: number;
  profile: string;
  extraQualities?: string[];
  extraFormats?: string[];
}

/** What an image's info.json declares under `workerEnv` (limits included): the oracle's input. */
async function factsOf(workerEnv: Env, id: string): Promise<ImageFacts> {
  const res = await call(workerEnv, `/iiif/3/${encodeURIComponent(id)}/info.json`);
  expect(res.status).toBe(200);
  const info = (await res.json()) as Info3;
  return {
    width: info.width,
    height: info.height,
    limits: { maxWidth: info.maxWidth, maxHeight: info.maxHeight, maxArea: info.maxArea },
    // 3.0 §6: level 2 means default quality and jpg + png; the rest only when listed.
    qualities: ['default', ...(info.extraQualities ?? [])],
    formats: ['jpg', ...(info.profile === 'level2' ? ['png'] : []), ...(info.extraFormats ?? [])],
  };
}

const MEDIA: Record<string, string> = { jpg: 'jpeg', png: 'png', webp: 'webp' };

/** Checks one answer against what the spec allows; `what` names the request in failure messages. */
async function judge(what: string, res: Response, allowed: Allowed, format: string, limits: ImageFacts['limits']): Promise<void> {
  const notes = `${what.slice(0, 400)} (${allowed.notes.join('; ') || 'valid'})`;
  const body = await expectSaneAnswer(notes, res, { allow501: false });
  if (res.status === 200) {
    expect(allowed.images.length, `${notes}: answered 200`).toBeGreaterThan(0);
    const size = pixelSize(body);
    expect(size, `${notes}: an image`).not.toBeNull();
    expect(size!.format, notes).toBe(MEDIA[format]);
    const shown = JSON.stringify(allowed.images);
    expect(sizeAllowed(allowed, size!.width, size!.height), `${notes}: ${size!.width}×${size!.height}, allowed ${shown}`).toBe(true);
    expect(size!.width * size!.height, `${notes}: within maxArea`).toBeLessThanOrEqual(limits.maxArea);
  } else {
    expect(res.status >= 400 && res.status < 500, `${notes}: status ${res.status}`).toBe(true);
    expect(allowed.refusal, `${notes}: refused with ${res.status}: ${new TextDecoder().decode(body)}`).toBe(true);
  }
}

/** Answers by property and kind, printed at the end (docs/RELIABILITY.md quotes them). */
const tally = new Map<string, Record<string, number>>();
function count(property: string, status: number): void {
  const t = tally.get(property) ?? {};
  const kind = status === 200 ? '200' : status === 501 ? '501' : status >= 400 && status < 500 ? '4xx' : String(status);
  t[kind] = (t[kind] ?? 0) + 1;
  tally.set(property, t);
}
afterAll(() => {
  console.log(`hostile requests (seed ${FUZZ_SEED}): ${JSON.stringify(Object.fromEntries(tally))}`);
});

const largestAnswer = (a: Allowed): number => Math.max(0, ...a.images.map((o) => o.width.hi * o.height.hi));

/** A test env whose app is built once (the entry rebuilds it only when the env object changes). */
const smallEnv: Env = { ...env, ...SMALL_LIMITS };
const facts = new Map<string, ImageFacts>();

beforeAll(async () => {
  await Promise.all(IMAGES.map((id) => seed(id)));
  for (const key of DECOYS) await env.IMAGES.put(key, fixtureBytes('chart'));
  for (const id of IMAGES) {
    facts.set(`default ${id}`, await factsOf(env, id));
    facts.set(`small ${id}`, await factsOf(smallEnv, id));
  }
});

type Grammar = 'valid' | 'hostile';

function requestsFor(v: ApiVersion, config: 'default' | 'small', grammar: Grammar): fc.Arbitrary<{ id: FixtureName; req: GeneratedRequest }> {
  return fc.constantFrom(...IMAGES).chain((id) => {
    const f = facts.get(`${config} ${id}`)!;
    return imageRequest(v, f.width, f.height, grammar).map((req) => ({ id, req }));
  });
}

async function sendGenerated(v: ApiVersion, config: 'default' | 'small', grammar: Grammar, workerEnv: Env, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requestsFor(v, config, grammar), async ({ id, req }) => {
      const f = facts.get(`${config} ${id}`)!;
      const allowed = allowedAnswers(v, req.meaning, f);
      fc.pre(largestAnswer(allowed) <= IMAGE_BUDGET);
      const path = `/iiif/${v}/${id}/${req.params}`;
      const res = await answerWithin(path, HANG_MS, () => call(workerEnv, path));
      count(`${grammar}, ${config} limits, ${v}`, res.status);
      await judge(path, res, allowed, req.meaning.format, f.limits);
    }),
    { seed: FUZZ_SEED + v + (config === 'small' ? 100 : 0) + (grammar === 'hostile' ? 1000 : 0), numRuns: runs },
  );
}

describe('generated image requests get an answer the spec allows', () => {
  it.each([3, 2] as const)('Image API %s, in the grammar, the default limits (from info.json)', async (v) => {
    await sendGenerated(v, 'default', 'valid', env, RUNS.valid);
  });

  it.each([3, 2] as const)('Image API %s, malformed parts mixed in, the default limits', async (v) => {
    await sendGenerated(v, 'default', 'hostile', env, RUNS.hostile);
  });

  // Small limits make the limit rules (max, !w,h, ^, refusals above maxWidth/maxHeight/maxArea) common.
  it.each([3, 2] as const)('Image API %s, in the grammar, small limits', async (v) => {
    expect(facts.get('small chart')!.limits).toEqual({ maxWidth: 300, maxHeight: 260, maxArea: 50000 });
    await sendGenerated(v, 'small', 'valid', smallEnv, RUNS.smallLimits);
  });

  it('beyond the limits: every form that names a size above them is a 4xx, at once', async () => {
    const { maxWidth, maxHeight, maxArea } = facts.get('default chart')!.limits;
    const side = Math.ceil(Math.sqrt(maxArea)) + 1;
    for (const params of [`full/^${maxWidth + 1},/0/default.jpg`, `full/^,${maxHeight + 1}/0/default.jpg`, `full/^${side},${side}/0/default.jpg`,
      `full/^pct:${1e6}/0/default.jpg`, `full/^${2 ** 31},${2 ** 31}/0/default.png`, `full/^${Number.MAX_SAFE_INTEGER},/0/default.webp`]) {
      const res = await answerWithin(params, HANG_MS, () => call(env, `/iiif/3/chart/${params}`));
      const text = new TextDecoder().decode(await expectSaneAnswer(params, res));
      expect(res.status, `${params}: ${text}`).toBe(400);
      // The planner's refusal names the limits: refused before any pixel work.
      expect(text).toMatch(/limits/);
    }
  });
});

/** What the oracle allows for a path whose identifier segment is hostile: URL normalisation first, as the Worker sees it. */
function allowedForSegment(v: ApiVersion, segment: string, req: GeneratedRequest): Allowed {
  const sent = new URL(`http://x/iiif/${v}/${segment}/${req.params}`).pathname;
  const plain = new URL(`http://x/iiif/${v}/chart/${req.params}`).pathname;
  const refuse: Allowed = { images: [], refusal: true, notImplemented: false, notes: [`identifier ${segment.slice(0, 80)}`] };
  const parts = sent.split('/');
  const plainParts = plain.split('/');
  if (parts.length !== plainParts.length || parts.slice(4).join('/') !== plainParts.slice(4).join('/') || parts.slice(0, 3).join('/') !== plainParts.slice(0, 3).join('/')) {
    return refuse;
  }
  let id: string;
  try {
    id = decodeURIComponent(parts[3]!);
  } catch {
    return refuse;
  }
  // Only the seeded image itself may answer; a traversal to a decoy must not.
  return id === 'chart' ? allowedAnswers(v, req.meaning, facts.get('default chart')!) : { ...refuse, notImplemented: allowedAnswers(v, req.meaning, facts.get('default chart')!).notImplemented };
}

describe('hostile identifiers', () => {
  it.each([3, 2] as const)('Image API %s: traversal, encodings, unicode and 64 KB never reach another object or fail', async (v) => {
    const f = facts.get('default chart')!;
    await fc.assert(
      fc.asyncProperty(hostileSegment, imageRequest(v, f.width, f.height), async (segment, req) => {
        const allowed = allowedForSegment(v, segment, req);
        fc.pre(largestAnswer(allowed) <= IMAGE_BUDGET);
        const path = `/iiif/${v}/${segment}/${req.params}`;
        const res = await answerWithin(path, HANG_MS, () => call(env, path));
        count(`identifiers, ${v}`, res.status);
        await judge(path, res, allowed, req.meaning.format, f.limits);
      }),
      { seed: FUZZ_SEED + 10 + v, numRuns: RUNS.identifiers },
    );
  });

  it.each(HOSTILE_SEGMENTS.map((s) => [s.length > 60 ? `${s.slice(0, 40)}… (${s.length} chars)` : s, s]))('%s: info.json is 200 only for the image itself', async (_, segment) => {
    const path = `/iiif/3/${segment}/info.json`;
    const res = await answerWithin(path, HANG_MS, () => call(env, path));
    await expectSaneAnswer(path, res);
    // As the Worker sees it after URL parsing: `.`/`..` segments (also as %2e) are resolved first.
    const parts = new URL(`http://x${path}`).pathname.split('/');
    let id: string | null = null;
    try {
      id = decodeURIComponent(parts[3] ?? '');
    } catch {
      // malformed escapes: no identifier
    }
    const what = `${path.slice(0, 200)} (seen as ${parts.join('/').slice(0, 200)}) → ${res.status}`;
    if (parts.length === 5 && parts[4] === 'info.json' && id === 'chart') expect(res.status, what).toBe(200);
    // A dot segment left `/iiif/3/info.json`: the base URI of an image called "info.json", which redirects (3.0 §2).
    else if (parts.length === 4 && res.status === 303) expect(res.headers.get('Location'), what).toBe(`http://iiif.test${parts.join('/')}/info.json`);
    else expect(res.status >= 400 && res.status < 500, what).toBe(true);
  });

  it('a reason that quotes a decoded line break stays one line (regression)', async () => {
    const res = await call(env, '/iiif/3/chart/max%0A/max/0/default.jpg');
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('region "max\\u000a": expected full, square, x,y,w,h or pct:x,y,w,h\n');
  });
});

interface Target {
  readonly path: string;
  /** Status for GET/HEAD without a usable credential or validator. */
  readonly status: number;
  /** JSON body on success or refusal (info.json, probe, health). */
  readonly json?: boolean;
  /** Answers with an ETag, so `If-None-Match: *` makes it 304. */
  readonly etag?: boolean;
}

const TARGETS: readonly Target[] = [
  { path: `/iiif/3/${encodeURIComponent(IDS.open)}/full/100,/0/default.jpg`, status: 200, etag: true },
  { path: `/iiif/2/${encodeURIComponent(IDS.open)}/full/100,/0/default.png`, status: 200, etag: true },
  { path: `/iiif/3/${encodeURIComponent(IDS.open)}/info.json`, status: 200, json: true, etag: true },
  { path: `/iiif/3/${encodeURIComponent(IDS.restricted)}/full/100,/0/default.jpg`, status: 401 },
  // Auth 1.0 §3: a restricted info.json is sent whole, with 401.
  { path: `/iiif/3/${encodeURIComponent(IDS.restricted)}/info.json`, status: 401, json: true },
  { path: `/iiif/3/${encodeURIComponent(IDS.restricted)}/probe`, status: 200, json: true },
  { path: '/iiif/3/no-such-image/full/max/0/default.jpg', status: 404 },
  { path: '/health', status: 200, json: true },
];

describe('odd methods and headers', () => {
  it('GET/HEAD/OPTIONS and odd methods with hostile headers: the expected status, never a 5xx', async () => {
    const team = await accessTeam();
    await Promise.all(Object.values(IDS).map((id) => seed('chart', id)));
    const methods = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('GET', 'HEAD') }, { weight: 1, arbitrary: fc.constant('OPTIONS') }, { weight: 3, arbitrary: fc.constantFrom(...ODD_METHODS) });
    await fc.assert(
      fc.asyncProperty(methods, fc.constantFrom(...TARGETS), hostileHeaders, async (method, target, headers) => {
        const what = `${method} ${target.path} ${JSON.stringify(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.slice(0, 40)])))}`;
        const res = await answerWithin(what, HANG_MS, () => call(team.env, target.path, { method, headers }));
        count('methods and headers', res.status);
        const json = target.json && (method === 'GET' || method === 'HEAD');
        const body = json && res.status < 500 ? new Uint8Array(await res.arrayBuffer()) : await expectSaneAnswer(what, res, { head: method === 'HEAD' });
        if (method === 'OPTIONS') {
          expect(res.status, what).toBe(204);
        } else if (method === 'GET' || method === 'HEAD') {
          // RFC 9110 §13.1.2: `If-None-Match: *` matches any current representation of a resource with an ETag.
          const star = headers['If-None-Match']?.trim() === '*';
          const expected = star && target.etag === true ? 304 : target.status;
          expect(res.status, what).toBe(expected);
          if (method === 'HEAD' || res.status === 304) expect(body.length, what).toBe(0);
          else if (json) expect(() => JSON.parse(new TextDecoder().decode(body)), what).not.toThrow();
          if (method === 'GET' && res.status === 200 && !json) {
            // Range is ignored (RFC 9110 §14.2 lets a server send the whole representation): the whole image.
            expect(pixelSize(body), what).toMatchObject({ width: 100, height: 70 });
          }
        } else {
          // Write methods on IIIF resources: 405 with Allow (RFC 9110 §15.5.6); anything else is not a route.
          const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method.toUpperCase()) && target.path.startsWith('/iiif/');
          expect(res.status, what).toBe(write ? 405 : 404);
          if (write) expect(res.headers.get('Allow'), what).toBe('GET, HEAD, OPTIONS');
        }
      }),
      { seed: FUZZ_SEED + 20, numRuns: RUNS.methods },
    );
  });

});
