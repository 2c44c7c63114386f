/**
 * What a refusal may reveal (docs/ACCESS.md § What a refusal reveals), through the real Worker: a caller
 * who may not see a restricted collection gets the same status, body and caching headers for an
 * identifier that exists and one that does not, on every route (info.json in both versions, HEAD, image
 * requests, the base URI, the capped tier, the probe, manifests); a folder manifest lists only what the
 * caller may see; and nothing restricted is ever sent with a public Cache-Control.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { PRESENTATION_MAX_AGE_S } from '../../src/http/presentation-routes';
import { seed } from '../helpers/worker-fixtures';
import { accessTeam, accessToken, call, credentials, PEOPLE, seg } from '../helpers/worker-access';

/** `private/` and `shelf/locked/` are restricted; `tiered/` has a public capped tier; the rest is open. */
const COLLECTIONS = JSON.stringify({
  default: 'open',
  collections: {
    'private/': { policy: 'restricted', allow: { domains: ['example.org'] } },
    'shelf/locked/': { policy: 'restricted', allow: { domains: ['example.org'] } },
    'tiered/': { policy: 'tiered', maxSize: 500, allow: { domains: ['example.org'] } },
  },
});

const EXISTING = 'private/chart';
const MISSING = 'private/absent';

let env: Env;
const headers: Record<'anonymous' | 'denied' | 'forged' | 'allowed', Record<string, string>> = {
  anonymous: {},
  denied: {},
  forged: {},
  allowed: {},
};

beforeAll(async () => {
  env = { ...(await accessTeam()).env, COLLECTIONS };
  await Promise.all(
    [EXISTING, 'private/folder/a', 'shelf/open-a', 'shelf/locked/b', 'plain/one', 'plain/two', 'tiered/chart'].map((id) => seed('chart', id)),
  );
  headers.denied = credentials('cookie', await accessToken(PEOPLE.denied));
  headers.allowed = credentials('header', await accessToken(PEOPLE.allowed));
  // A token for an allowed address that is no longer valid counts as anonymous.
  headers.forged = credentials('cookie', await accessToken(PEOPLE.allowed, -600));
});

/** The answer with the identifier written `{id}`, so that answers for two identifiers can be compared. */
async function answer(path: string, id: string, who: keyof typeof headers, method = 'GET') {
  const res = await call(env, path.replace('{id}', seg(id)), { method, headers: headers[who] });
  const hide = (s: string | null) => (s ?? '').split(seg(id)).join('{id}').split(id).join('{id}');
  return {
    status: res.status,
    body: hide(await res.text()),
    location: hide(res.headers.get('Location')),
    cacheControl: res.headers.get('Cache-Control'),
    contentType: res.headers.get('Content-Type'),
    etag: res.headers.get('ETag'),
  };
}

const ROUTES = [
  { route: 'info.json 3.0', path: '/iiif/3/{id}/info.json', status: { anonymous: 401, denied: 403 } },
  { route: 'info.json 2.1', path: '/iiif/2/{id}/info.json', status: { anonymous: 401, denied: 403 } },
  { route: 'info.json 3.0 (HEAD)', path: '/iiif/3/{id}/info.json', method: 'HEAD', status: { anonymous: 401, denied: 403 } },
  { route: 'image 3.0', path: '/iiif/3/{id}/full/max/0/default.jpg', status: { anonymous: 401, denied: 403 } },
  { route: 'tile 2.1', path: '/iiif/2/{id}/0,0,256,256/256,/0/default.png', status: { anonymous: 401, denied: 403 } },
  { route: 'malformed image request', path: '/iiif/3/{id}/nonsense/max/0/default.jpg', status: { anonymous: 401, denied: 403 } },
  { route: 'base URI', path: '/iiif/3/{id}', status: { anonymous: 303, denied: 303 } },
  { route: 'capped info.json', path: '/iiif/3/{id}/capped/info.json', status: { anonymous: 404, denied: 404 } },
  { route: 'capped image', path: '/iiif/3/{id}/capped/full/max/0/default.jpg', status: { anonymous: 404, denied: 404 } },
  { route: 'probe', path: '/iiif/3/{id}/probe', status: { anonymous: 200, denied: 200 } },
  { route: 'manifest', path: '/iiif/manifest/{id}', status: { anonymous: 401, denied: 403 } },
] as const;

const CASES = ROUTES.flatMap((r) => (['anonymous', 'forged', 'denied'] as const).map((who) => ({ ...r, who })));

describe('a caller who may not see a restricted image cannot tell whether it exists', () => {
  it.each(CASES)('$route, $who: the same answer for an existing and a missing identifier', async (c) => {
    const method = 'method' in c ? c.method : 'GET';
    const existing = await answer(c.path, EXISTING, c.who, method);
    const missing = await answer(c.path, MISSING, c.who, method);
    expect(existing.status).toBe(c.status[c.who === 'forged' ? 'anonymous' : c.who]);
    expect(existing).toEqual(missing);
    // Nothing about a restricted identifier may be kept by a shared cache.
    expect(existing.cacheControl ?? 'no-store').not.toMatch(/public/);
    expect(existing.etag).toBeNull();
  });

  it('the allowed caller does tell them apart (the comparison above can see a difference)', async () => {
    for (const path of ['/iiif/3/{id}/info.json', '/iiif/3/{id}/full/max/0/default.jpg', '/iiif/manifest/{id}']) {
      const existing = await answer(path, EXISTING, 'allowed');
      const missing = await answer(path, MISSING, 'allowed');
      expect([path, existing.status, missing.status]).toEqual([path, 200, 404]);
      expect(existing.cacheControl).toBe('private, no-store');
    }
  });

  it('a refused info.json still offers the sign-in services, and nothing about the image', async () => {
    const res = await call(env, `/iiif/3/${seg(EXISTING)}/info.json`);
    expect(res.status).toBe(401);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ id: `http://iiif.test/iiif/3/${seg(EXISTING)}`, type: 'ImageService3', profile: 'level2' });
    expect(JSON.stringify(doc['service'])).toContain('AuthProbeService2');
    for (const key of ['width', 'height', 'sizes', 'tiles']) expect(doc).not.toHaveProperty(key);
  });
});

interface Manifest {
  readonly items: { items: { items: { body: { service: { id: string }[] } }[] }[] }[];
}

/** The image service ids a folder manifest lists for `who`, with its status and Cache-Control. */
async function listing(folder: string, who: keyof typeof headers) {
  const res = await call(env, `/iiif/manifest/${seg(folder)}`, { headers: headers[who] });
  const text = await res.text();
  const ids =
    res.status === 200
      ? (JSON.parse(text) as Manifest).items.map((canvas) => decodeURIComponent(canvas.items[0]!.items[0]!.body.service[0]!.id.split('/iiif/3/')[1]!))
      : [];
  return { status: res.status, cacheControl: res.headers.get('Cache-Control'), ids, text };
}

describe('folder manifests list only what the caller may see', () => {
  it.each([
    { folder: 'shelf', who: 'anonymous', status: 200, ids: ['shelf/open-a'], cacheControl: 'private, no-store' },
    { folder: 'shelf', who: 'denied', status: 200, ids: ['shelf/open-a'], cacheControl: 'private, no-store' },
    { folder: 'shelf', who: 'allowed', status: 200, ids: ['shelf/locked/b', 'shelf/open-a'], cacheControl: 'private, no-store' },
    { folder: 'shelf/locked', who: 'anonymous', status: 404, ids: [], cacheControl: 'no-store' },
    { folder: 'shelf/locked', who: 'allowed', status: 200, ids: ['shelf/locked/b'], cacheControl: 'private, no-store' },
    { folder: 'private', who: 'anonymous', status: 404, ids: [], cacheControl: 'no-store' },
    { folder: 'private', who: 'denied', status: 404, ids: [], cacheControl: 'no-store' },
    { folder: 'private', who: 'allowed', status: 200, ids: ['private/chart', 'private/folder/a'], cacheControl: 'private, no-store' },
    { folder: 'private/folder', who: 'anonymous', status: 401, ids: [], cacheControl: 'no-store' },
    { folder: 'plain', who: 'anonymous', status: 200, ids: ['plain/one', 'plain/two'], cacheControl: `public, max-age=${PRESENTATION_MAX_AGE_S}` },
  ] as const)('$folder, $who: $status $ids', async (c) => {
    const got = await listing(c.folder, c.who);
    expect({ status: got.status, ids: got.ids, cacheControl: got.cacheControl }).toEqual({ status: c.status, ids: c.ids, cacheControl: c.cacheControl });
    if (c.who !== 'allowed') expect(got.text).not.toMatch(/locked\/b|private%2Fchart|private\/chart|folder%2Fa/);
  });

  it('a folder that holds only images the caller may not see answers as one that does not exist', async () => {
    const hidden = await listing('shelf/locked', 'anonymous');
    const missing = await listing('shelf/lost', 'anonymous');
    expect(hidden.status).toBe(404);
    expect(hidden.text.replace('shelf/locked', '{folder}')).toBe(missing.text.replace('shelf/lost', '{folder}'));
  });

  it('a restricted folder is refused like a restricted image, whether or not it holds anything', async () => {
    const full = await call(env, `/iiif/manifest/${seg('private/folder')}`);
    const empty = await call(env, `/iiif/manifest/${seg('private/nothing-here')}`);
    expect([full.status, empty.status]).toEqual([401, 401]);
    expect(await full.text()).toBe(await empty.text());
  });
});
