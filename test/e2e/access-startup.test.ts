/**
 * Restricted collections under `wrangler dev` (the real start-up path): an invalid COLLECTIONS stops the
 * Worker before it serves anything, with wrangler reporting the ConfigError that names the setting; a
 * valid one serves the Auth 1.0 round trip over real HTTP with the committed development key — the dev
 * login form sets the CF_Authorization cookie as Access would, the token service posts a viewer token,
 * and info.json answers 200 to it (401 without).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDevToken, readDotVars } from '../../scripts/dev-token';
import { freePortPair } from '../helpers/node-browser';
import { type LocalServer, seedObject, startServer } from '../helpers/node-server';

const ROOT = join(import.meta.dirname, '..', '..');
const CHART = join(ROOT, 'test', 'fixtures', 'chart-1000x700-t256-q90.tif');
const ID = 'private/chart';
const INFO = `/iiif/2/${encodeURIComponent(ID)}/info.json`;
const COLLECTIONS = JSON.stringify({ collections: { 'private/': { policy: 'restricted', allow: { domains: ['example.org'] } } } });

let persist: string;
let dev: Record<string, string>;

beforeAll(async () => {
  persist = await mkdtemp(join(tmpdir(), 'iiif-access-e2e-'));
  await seedObject(persist, `${ID}.tif`, CHART);
  // The development Access team, key and secret (DEVELOPMENT ONLY values, docs/ACCESS.md).
  dev = readDotVars(await readFile(join(ROOT, '.dev.vars.example'), 'utf8'));
});

afterAll(async () => {
  await rm(persist, { recursive: true, force: true });
});

/** The variables of .dev.vars.example, with the viewer origin set to the server's own. */
function vars(port: number, collections: string): Record<string, string> {
  const pick = ['ACCESS_TEAM_DOMAIN', 'ACCESS_AUD', 'ACCESS_JWKS', 'TOKEN_SECRET'];
  return { ...Object.fromEntries(pick.map((k) => [k, dev[k]!])), VIEWER_ORIGINS: `http://127.0.0.1:${port}`, COLLECTIONS: collections };
}

describe('an invalid COLLECTIONS stops the Worker at start', () => {
  it('wrangler reports the setting and the fault, and nothing is served', async () => {
    const port = await freePortPair(20_000, 29_000);
    const broken = JSON.stringify({ collections: { private: 'open' } });
    const failure = await startServer({ port, persistTo: persist, vars: vars(port, broken), timeoutMs: 30_000 }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (err: unknown) => String(err)
    );
    expect(failure, 'the Worker started').not.toBeNull();
    expect(failure).toContain('configuration: COLLECTIONS prefix "private" must end with "/"');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

describe('a valid configuration, over real HTTP', () => {
  let server: LocalServer;
  beforeAll(async () => {
    const port = await freePortPair(20_000, 29_000);
    server = await startServer({ port, persistTo: persist, vars: vars(port, COLLECTIONS) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('dev login sets the cookie; token1 posts a token; info.json 401 without it, 200 with it', async () => {
    expect((await fetch(`${server.url}${INFO}`)).status).toBe(401);

    const token = await makeDevToken({ email: 'reader@example.org', teamDomain: dev['ACCESS_TEAM_DOMAIN']!, audience: dev['ACCESS_AUD']! });
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', body: new URLSearchParams({ token }) });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/^CF_Authorization=[^;]+; Path=\/; HttpOnly/);
    const cookie = setCookie.split(';')[0]!;

    const page = await (await fetch(`${server.url}/auth/token1?messageId=1&origin=${encodeURIComponent(server.url)}`, { headers: { Cookie: cookie } })).text();
    const posted = /postMessage\((\{.*?\}),/.exec(page);
    expect(posted).not.toBeNull();
    const message = JSON.parse(posted![1]!) as { accessToken: string; messageId: string };
    expect(message.messageId).toBe('1');

    const granted = await fetch(`${server.url}${INFO}`, { headers: { Authorization: `Bearer ${message.accessToken}`, Origin: server.url } });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('Access-Control-Allow-Origin')).toBe(server.url);
    expect(((await granted.json()) as { width: number }).width).toBe(1000);
    // The cookie alone works for tiles, as the browser sends it.
    const tile = await fetch(`${server.url}/iiif/3/${encodeURIComponent(ID)}/0,0,256,256/256,256/0/default.jpg`, { headers: { Cookie: cookie } });
    expect(tile.status).toBe(200);
  });
});
