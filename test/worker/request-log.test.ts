/**
 * The operators' log (src/http/request-log.ts) through the real Worker in workerd: one JSON line per
 * request on console.log (the sink is the only thing captured), with the route kind, identifier, status,
 * path taken, R2 reads and bytes, D1 queries, stage timings and access tier; error reasons with their
 * identifier; nothing of a token, a cookie or an e-mail address; and nothing at all with LOG_REQUESTS=false.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Env } from '../../src/env';
import { seed } from '../helpers/worker-fixtures';
import { accessTeam, accessToken, call, credentials, IDS, PEOPLE, seedAccessImages, seg, VIEWER, viewerToken } from '../helpers/worker-access';

let env: Env;

beforeAll(async () => {
  env = { ...(await accessTeam()).env, LOG_REQUESTS: 'true' };
  await seedAccessImages();
  await seed('chart', 'logs/chart');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The request's log lines: every console.log call made while it ran, each parsed as one JSON object. */
async function logged(workerEnv: Env, path: string, init: RequestInit = {}): Promise<{ res: Response; lines: Record<string, unknown>[]; raw: string[] }> {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const res = await call(workerEnv, path, init);
  const raw = spy.mock.calls.map((args) => {
    expect(args).toHaveLength(1);
    expect(typeof args[0]).toBe('string');
    return args[0] as string;
  });
  spy.mockRestore();
  return { res, raw, lines: raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('one JSON line per request', () => {
  it.each([
    { path: '/health', route: 'health', id: null, status: 200 },
    { path: `/iiif/3/${seg('logs/chart')}/info.json`, route: 'info', id: 'logs/chart', status: 200, path_: 'info' },
    { path: `/iiif/3/${seg('logs/chart')}`, route: 'base', id: 'logs/chart', status: 303, path_: 'redirect' },
    { path: `/iiif/3/${seg('logs/chart')}/0,0,256,256/256,256/0/default.jpg`, route: 'image', id: 'logs/chart', status: 200, path_: 'passthrough' },
    { path: `/iiif/3/${seg('logs/chart')}/full/100,/0/default.png`, route: 'image', id: 'logs/chart', status: 200, path_: 'transcode' },
    { path: `/iiif/3/${seg('logs/chart')}/probe`, route: 'probe', id: 'logs/chart', status: 200 },
    { path: `/iiif/manifest/${seg('logs/chart')}`, route: 'manifest', id: 'logs/chart', status: 200, path_: 'manifest' },
    { path: `/viewer/${seg('logs/chart')}`, route: 'viewer', id: 'logs/chart', status: 200 },
    { path: '/auth/logout', route: 'auth', id: null, status: 200 },
    { path: '/nowhere', route: 'other', id: null, status: 404 },
  ])('$route $path → $status', async (c) => {
    const { res, lines } = await logged(env, c.path);
    expect(res.status).toBe(c.status);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ route: c.route, id: c.id, status: c.status, method: 'GET', d1: { queries: 0 } });
    if ('path_' in c) expect(line['path']).toBe(c.path_);
    expect(Date.parse(String(line['time']))).toBeGreaterThan(Date.now() - 60_000);
    expect(String(line['requestId'])).toMatch(/^[0-9a-f-]{36}$/);
    expect((line['ms'] as Record<string, number>)['total']).toBeGreaterThanOrEqual(0);
  });

  it('an image request counts its R2 reads and bytes, its stages and its tier', async () => {
    const path = `/iiif/3/${seg(IDS.open)}/full/200,/0/default.webp`;
    const { res, lines } = await logged(env, path);
    expect(res.status).toBe(200);
    const line = lines[0]!;
    const r2 = line['r2'] as { reads: number; bytes: number };
    expect(r2.reads).toBeGreaterThan(0);
    // At least the tiles of the 250 px level it was made from: more than the output itself.
    expect(r2.bytes).toBeGreaterThan(1000);
    expect(line).toMatchObject({ path: 'transcode', policy: 'open', tier: 'open' });
    // The stages are Server-Timing's, by the same names.
    const ms = line['ms'] as Record<string, number>;
    const timed = (res.headers.get('Server-Timing') ?? '').split(', ').slice(1).map((e) => e.split(';')[0]!);
    expect(Object.keys(ms).sort()).toEqual([...new Set(timed)].sort());
    // The same request again comes from the derivative cache.
    const again = await logged(env, path);
    expect(again.lines[0]).toMatchObject({ path: 'cache-hit', status: 200 });
  });

  it('uses cf-ray as the request id when the edge sent one', async () => {
    const { lines } = await logged(env, '/health', { headers: { 'cf-ray': '8f00aa11bb22cc33-AMS' } });
    expect(lines[0]!['requestId']).toBe('8f00aa11bb22cc33-AMS');
  });

  it('errors carry their reason and the identifier', async () => {
    const { res, lines } = await logged(env, `/iiif/3/${seg('logs/absent')}/info.json`);
    expect(res.status).toBe(404);
    expect(lines[0]).toMatchObject({ route: 'info', id: 'logs/absent', status: 404 });
    expect(String(lines[0]!['reason'])).toBe((await res.text()).trim());

    // Storage throwing: retried once, then 503 naming the call; the storage's own message and stack stay out.
    const failing: Env = {
      ...env,
      IMAGES: new Proxy({} as R2Bucket, {
        get: () => () => {
          throw new TypeError('storage exploded\n    at somewhere (internal.js:1:1)');
        },
      }),
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = await logged(failing, `/iiif/3/${seg('logs/never-opened')}/info.json`);
    expect(broken.res.status).toBe(503);
    expect(broken.lines[0]).toMatchObject({ route: 'info', id: 'logs/never-opened', status: 503 });
    expect(String(broken.lines[0]!['reason'])).toMatch(/^storage did not answer \S+ \S+ \(tried twice\)$/);
    expect(await broken.res.text()).not.toMatch(/exploded|internal\.js/);

    const bad = await logged(env, `/iiif/3/${seg('logs/chart')}/full/max/45.5x/default.jpg`);
    expect(bad.res.status).toBe(400);
    expect(bad.lines[0]).toMatchObject({ route: 'image', id: 'logs/chart', status: 400 });
    expect(String(bad.lines[0]!['reason'])).toMatch(/rotation/);
  });
});

describe('never a token, a cookie or an e-mail address', () => {
  it.each(['cookie', 'header', 'bearer'] as const)('credentials in the %s, allowed and refused', async (carrier) => {
    const secrets: string[] = [];
    const send = async (email: string, path: string) => {
      const token = carrier === 'bearer' ? await viewerToken(env, email) : await accessToken(email);
      secrets.push(token, ...token.split('.'), email, email.split('@')[0]!);
      const headers = { ...credentials(carrier, token), Origin: VIEWER, Cookie: `session=s3cr3t-cookie-value; CF_Authorization=${token}` };
      secrets.push('s3cr3t-cookie-value');
      return logged(env, path, { headers });
    };
    const granted = await send(PEOPLE.allowed, `/iiif/3/${seg(IDS.restricted)}/0,0,256,256/256,/0/default.jpg`);
    const refused = await send(PEOPLE.denied, `/iiif/3/${seg(IDS.restricted)}/0,0,256,256/256,/0/default.jpg`);
    const refusedInfo = await send(PEOPLE.denied, `/iiif/3/${seg(IDS.restricted)}/info.json`);
    const probe = await send(PEOPLE.denied, `/iiif/3/${seg(IDS.restricted)}/probe`);
    const login = await send(PEOPLE.allowed, '/auth/login');
    // An identifier that looks like an address is the caller's text too.
    const typed = await send(PEOPLE.allowed, `/iiif/3/${seg(`private/${PEOPLE.denied}`)}/info.json`);

    expect(granted.lines[0]).toMatchObject({ status: 200, policy: 'restricted', tier: 'full' });
    expect(refused.lines[0]).toMatchObject({ status: 403, policy: 'restricted', tier: 'denied' });
    // The response names the caller's address (to them); the log must not.
    expect(await refused.res.text()).toContain(PEOPLE.denied);
    expect(String(refused.lines[0]!['reason'])).toContain('[email]');
    expect(refusedInfo.lines[0]).toMatchObject({ status: 403, route: 'info', path: 'denied' });
    expect(login.lines[0]).toMatchObject({ route: 'auth', status: login.res.status });
    expect(typed.lines[0]!['id']).toBe('private/[email]');

    const all = [granted, refused, refusedInfo, probe, login, typed].flatMap((r) => r.raw);
    expect(all).toHaveLength(6);
    for (const line of all) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/CF_Authorization|Bearer|Cookie|@/i);
    }
  });
});

describe('LOG_REQUESTS=false', () => {
  it('writes nothing, for successes and errors alike', async () => {
    const quiet: Env = { ...env, LOG_REQUESTS: 'false' };
    for (const path of ['/health', `/iiif/3/${seg('logs/chart')}/info.json`, `/iiif/3/${seg('logs/absent')}/info.json`, '/nowhere']) {
      const { res, raw } = await logged(quiet, path);
      expect(res.status).toBeLessThan(500);
      expect(raw).toEqual([]);
    }
    // …and the same env with logging on does write (the silence above is the setting's doing).
    expect((await logged(env, '/health')).raw).toHaveLength(1);
  });
});
