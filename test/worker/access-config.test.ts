/**
 * Invalid access configuration stops the Worker with a message naming the variable and the fault
 * (docs/ACCESS.md, "The configuration is checked when the Worker starts"). With the env checked at start
 * (src/index.ts evaluates it when the module loads, so wrangler dev/deploy report it), a different env —
 * as here, one per test — reaches the entry's guard: every request, on every route, is a 500 whose body
 * names the setting, never served. test/e2e/access-startup.test.ts checks the start-up path itself.
 *
 * Wrangler also allows JSON values in [vars] (a TOML table or JSON object instead of a string); the env
 * then holds an object. Such COLLECTIONS must be read (not ignored as if unset, which opened everything).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Env } from '../../src/env';
import worker from '../../src/index';
import { ORIGIN } from '../helpers/worker-fixtures';
import { accessTeam, accessToken, AUD, call, COLLECTIONS, credentials, IDS, PEOPLE, SECRET, seedAccessImages, seg, TEAM, VIEWER } from '../helpers/worker-access';

let valid: Env;
/** The entry logs the message too (what `wrangler tail` shows); kept here to check, not printed. */
const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
afterAll(() => errors.mockRestore());

beforeAll(async () => {
  valid = (await accessTeam()).env;
  await seedAccessImages();
});

/** One request through the entry with `workerEnv`, as status, Cache-Control and body. */
async function outcome(workerEnv: Env, path: string): Promise<{ status: number; cacheControl: string | null; body: string }> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`), workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, cacheControl: res.headers.get('Cache-Control'), body: await res.text() };
}

function expectStopped(got: { status: number; cacheControl: string | null; body: string }, message: RegExp): void {
  expect(got.status).toBe(500);
  expect(got.cacheControl).toBe('no-store');
  expect(got.body).toMatch(/^configuration: /);
  expect(got.body).toMatch(message);
  expect(errors.mock.calls.map((c) => c.join(' ')).join('\n')).toContain(got.body.trim());
}

const restricted = (allow: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ collections: { 'private/': { policy: 'restricted', allow, ...extra } } });

/** [what is wrong, the variables that differ from the valid test env, the message] */
const BROKEN: [string, Record<string, unknown>, RegExp][] = [
  ['bad JSON', { COLLECTIONS: '{"default":"open",' }, /COLLECTIONS is not valid JSON/],
  ['not an object', { COLLECTIONS: '["private/"]' }, /COLLECTIONS must be a JSON object/],
  ['an unknown top-level key', { COLLECTIONS: '{"defaults":"open"}' }, /COLLECTIONS \(top level\): unknown key\(s\) "defaults"/],
  ['an unknown policy key', { COLLECTIONS: restricted({ domains: ['example.org'] }, { maxsize: 5 }) }, /unknown key\(s\) "maxsize"/],
  ['an unknown allow key', { COLLECTIONS: restricted({ email: ['a@example.org'] }) }, /allow: unknown key\(s\) "email"/],
  ['an unknown policy', { COLLECTIONS: '{"collections":{"private/":{"policy":"secret"}}}' }, /unknown policy "secret"/],
  ['maxSize 0', { COLLECTIONS: '{"collections":{"t/":{"policy":"tiered","maxSize":0,"allow":{"domains":["example.org"]}}}}' }, /maxSize must be a positive integer/],
  ['maxSize as a string', { COLLECTIONS: '{"collections":{"t/":{"policy":"tiered","maxSize":"500","allow":{"domains":["example.org"]}}}}' }, /maxSize must be a positive integer, got "500"/],
  ['maxSize fractional', { COLLECTIONS: '{"collections":{"t/":{"policy":"tiered","maxSize":1.5,"allow":{"domains":["example.org"]}}}}' }, /maxSize must be a positive integer/],
  ['an empty allow', { COLLECTIONS: restricted({}) }, /allow is empty/],
  ['no allow', { COLLECTIONS: '{"collections":{"private/":{"policy":"restricted"}}}' }, /"allow" is required/],
  ['a domain with @', { COLLECTIONS: restricted({ domains: ['@example.org'] }) }, /domains\[0\] is not a domain/],
  ['a prefix without a trailing /', { COLLECTIONS: '{"collections":{"private":"open"}}' }, /prefix "private" must end with "\/"/],
  ['a restricted default without allow', { COLLECTIONS: '{"default":"restricted"}' }, /default: "allow" is required/],
  ['restricted without ACCESS_TEAM_DOMAIN', { ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined, ACCESS_JWKS: undefined }, /need identities, but ACCESS_TEAM_DOMAIN\/ACCESS_AUD are not set/],
  ['restricted without ACCESS_AUD', { ACCESS_AUD: undefined }, /ACCESS_TEAM_DOMAIN is set but ACCESS_AUD is not/],
  ['restricted without TOKEN_SECRET', { TOKEN_SECRET: undefined }, /need TOKEN_SECRET/],
  ['a short TOKEN_SECRET', { TOKEN_SECRET: 'short' }, /TOKEN_SECRET must be at least 32 bytes/],
  ['a team domain over http', { ACCESS_TEAM_DOMAIN: 'http://access-tests.cloudflareaccess.com' }, /ACCESS_TEAM_DOMAIN must be https/],
  ['private key material in ACCESS_JWKS', { ACCESS_JWKS: JSON.stringify({ keys: [{ kty: 'RSA', n: 'sXch', e: 'AQAB', d: 'secret' }] }) }, /ACCESS_JWKS key 0 contains private key material/],
  ['a viewer origin with a path', { VIEWER_ORIGINS: 'https://viewer.example.net/mirador' }, /VIEWER_ORIGINS entry must be scheme:\/\/host\[:port\] only/],
  ['COLLECTIONS as a JSON var that is a list', { COLLECTIONS: ['private/'] }, /COLLECTIONS must be a JSON object/],
  ['TOKEN_SECRET as a JSON var', { TOKEN_SECRET: { value: SECRET } }, /TOKEN_SECRET must be a string/],
];

describe('an invalid configuration stops the Worker', () => {
  it.each(BROKEN)('%s', async (_what, vars, message) => {
    const broken = { ...valid, ...vars } as unknown as Env;
    // Every route, including ones that never look at collections.
    for (const path of ['/health', `/iiif/3/${seg(IDS.open)}/info.json`, `/iiif/3/${seg(IDS.restricted)}/0,0,256,256/256,256/0/default.jpg`, '/auth/login']) {
      expectStopped(await outcome(broken, path), message);
    }
  });

  it('starts again once the configuration is valid', async () => {
    expectStopped(await outcome({ ...valid, COLLECTIONS: '{' }, '/health'), /COLLECTIONS/);
    expect((await call(valid, '/health')).status).toBe(200);
    expect((await call(valid, `/iiif/3/${seg(IDS.restricted)}/info.json`)).status).toBe(401);
  });
});

describe('COLLECTIONS as a JSON value in [vars]', () => {
  // `[vars.COLLECTIONS]` in wrangler.toml, or an object under "vars" in wrangler.json.
  let asJson: Env;
  beforeAll(() => {
    asJson = { ...valid, COLLECTIONS: JSON.parse(COLLECTIONS) as unknown } as unknown as Env;
  });

  it.each([
    { who: 'anonymous', path: `/iiif/3/${seg(IDS.restricted)}/info.json`, status: 401 },
    { who: 'anonymous', path: `/iiif/3/${seg(IDS.tiered)}/info.json`, status: 302 },
    { who: 'anonymous', path: `/iiif/3/${seg(IDS.open)}/info.json`, status: 200 },
    { who: 'allowed', path: `/iiif/3/${seg(IDS.restricted)}/info.json`, status: 200 },
  ])('is applied: $who $path → $status', async ({ who, path, status }) => {
    const headers = who === 'allowed' ? credentials('cookie', await accessToken(PEOPLE.allowed)) : {};
    expect((await call(asJson, path, { headers })).status).toBe(status);
  });

  it('ACCESS_JWKS and VIEWER_ORIGINS may be JSON values too', async () => {
    const team = await accessTeam();
    const json = {
      ...env,
      COLLECTIONS: JSON.parse(COLLECTIONS) as unknown,
      ACCESS_TEAM_DOMAIN: TEAM,
      ACCESS_AUD: AUD,
      ACCESS_JWKS: { keys: [team.publicJwk] },
      TOKEN_SECRET: SECRET,
      VIEWER_ORIGINS: [VIEWER],
    } as unknown as Env;
    const res = await call(json, `/iiif/3/${seg(IDS.restricted)}/info.json`, {
      headers: { ...credentials('cookie', await accessToken(PEOPLE.allowed)), Origin: VIEWER },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(VIEWER);
  });
});
