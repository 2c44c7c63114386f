/**
 * Access to records (docs/CATALOGUE.md, "Access"): an object's manifest follows the COLLECTIONS policy of its id;
 * restricted records go to allowed identities only (401/403 with a JSON reason, credentialed CORS for viewer
 * origins, never a public cache), unless the policy publishes its records ("records":"open": public manifest,
 * images still restricted, Auth services in the manifest). Listings never name an object someone may not see,
 * and their counts and bounds are exactly what they would be without it.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { collectionRow, imageRow, objectRows, text } from '../helpers/catalog-rows';
import { run } from '../helpers/worker-catalog';
import { accessTeam, accessToken, call, credentials, PEOPLE, seedAccessImages, STRANGER_SITE, VIEWER } from '../helpers/worker-access';
import { seed } from '../helpers/worker-fixtures';

type Json = Record<string, any>;

let open: Env;
let small: Env;

/** The access helpers' COLLECTIONS plus a restricted collection whose records are open. */
function withRecordsOpen(base: Env): Env {
  const collections = JSON.parse(base.COLLECTIONS!) as Json;
  collections.collections['letters/'] = { policy: 'restricted', allow: { domains: ['example.org'] }, records: 'open' };
  return { ...base, COLLECTIONS: JSON.stringify(collections) };
}

const SECRET = objectRows({ id: 'private/secret', collection: 'mss', label: text('Secret diary'), canvases: [{ image: 'private/chart' }] });

beforeAll(async () => {
  open = withRecordsOpen((await accessTeam()).env);
  small = { ...open, COLLECTION_PAGE_SIZE: '2' };
  await seedAccessImages();
  await seed('chart', 'letters/1/001');
  await run([
    imageRow({ id: 'private/chart', width: 1000, height: 700, etag: 'p' }),
    imageRow({ id: 'open/chart', width: 1000, height: 700, etag: 'o' }),
    imageRow({ id: 'letters/1/001', width: 1000, height: 700, etag: 'l' }),
    collectionRow({ name: 'mss', parent: null, label: text('Manuscripts') }),
    collectionRow({ name: 'private', parent: null, label: text('Private papers') }),
    ...objectRows({ id: 'open/one', collection: 'mss', label: text('Open one'), canvases: [{ image: 'open/chart' }] }),
    ...objectRows({ id: 'open/two', collection: 'mss', label: text('Open two'), canvases: [{ image: 'open/chart' }] }),
    ...objectRows({ id: 'private/inside', collection: 'private', label: text('Inside'), canvases: [{ image: 'private/chart' }] }),
    ...objectRows({ id: 'letters/1', collection: 'letters', label: text('Letter one'), canvases: [{ image: 'letters/1/001' }] }),
  ]);
});

async function as(who: 'anonymous' | keyof typeof PEOPLE, path: string, workerEnv = open, extra: Record<string, string> = {}): Promise<Response> {
  const headers = who === 'anonymous' ? extra : { ...extra, ...credentials('cookie', await accessToken(PEOPLE[who])) };
  return call(workerEnv, path, { headers });
}

describe('a restricted object', () => {
  beforeAll(() => run(SECRET));

  it.each([
    ['anonymous', 401, /sign in/],
    ['denied', 403, /visitor@other\.example is not among/],
  ] as const)('%s → %i with a JSON reason, not cached', async (who, status, reason) => {
    const res = await as(who, '/iiif/manifest/private%2Fsecret', open, { Origin: VIEWER });
    expect(res.status).toBe(status);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    // A viewer at a configured origin can read the reason (credentialed CORS).
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(VIEWER);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const body = (await res.json()) as Json;
    expect(body.status).toBe(status);
    expect(body.error).toMatch(reason);
    expect(body.error).toMatch(/object/);
  });

  it('is served to an allowed identity, privately, readable by viewer origins only', async () => {
    const res = await as('allowed', '/iiif/manifest/private%2Fsecret', open, { Origin: VIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(VIEWER);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const doc = (await res.json()) as Json;
    expect(doc.label).toEqual(text('Secret diary'));
    const service = doc.items[0].items[0].items[0].body.service[0];
    expect(service.service.map((s: Json) => s.type ?? s['@type'])).toEqual(['AuthProbeService2', 'AuthCookieService1']);
    const stranger = await as('allowed', '/iiif/manifest/private%2Fsecret', open, { Origin: STRANGER_SITE });
    expect(stranger.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers 401 whether or not the object exists (the decision comes first)', async () => {
    const missing = await as('anonymous', '/iiif/manifest/private%2Fno-such-thing');
    expect(missing.status).toBe(401);
  });
});

describe('records open, images restricted', () => {
  it('serves the manifest to everyone, publicly, with the Auth services that make viewers offer a login', async () => {
    const res = await as('anonymous', '/iiif/manifest/letters%2F1');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=30');
    const doc = (await res.json()) as Json;
    expect(doc['@context']).toEqual(['http://iiif.io/api/auth/2/context.json', 'http://iiif.io/api/presentation/3/context.json']);
    const service = doc.items[0].items[0].items[0].body.service[0];
    expect(service.service[0]).toMatchObject({ type: 'AuthProbeService2', id: 'http://iiif.test/iiif/3/letters%2F1%2F001/probe' });
    // The images themselves stay restricted.
    expect((await as('anonymous', '/iiif/3/letters%2F1%2F001/full/max/0/default.jpg')).status).toBe(401);
    expect((await as('allowed', '/iiif/3/letters%2F1%2F001/full/max/0/default.jpg')).status).toBe(200);
  });
});

describe('listings', () => {
  it('never name a restricted object to someone who may not see it; an allowed person sees it', async () => {
    await run(SECRET);
    const names = async (who: 'anonymous' | 'allowed' | 'denied') =>
      (((await (await as(who, '/iiif/collection/mss')).json()) as Json).items as Json[]).map((i) => i.id as string);
    expect(await names('anonymous')).toEqual(['http://iiif.test/iiif/manifest/open%2Fone', 'http://iiif.test/iiif/manifest/open%2Ftwo']);
    expect(await names('denied')).toEqual(await names('anonymous'));
    expect(await names('allowed')).toContain('http://iiif.test/iiif/manifest/private%2Fsecret');
    const anonymous = await as('anonymous', '/iiif/collection/mss');
    // A listing that depends on who asks is never kept by a shared cache.
    expect(anonymous.headers.get('Cache-Control')).toBe('private, no-store');
  });

  it('do not reveal it by their counts or splits either: the same bytes with and without it', async () => {
    const paths = ['/iiif/collection/mss', '/iiif/collection'];
    await run([{ sql: 'DELETE FROM objects WHERE id = ?', params: ['private/secret'] }]);
    const without = await Promise.all(paths.map(async (p) => [await (await as('anonymous', p, small)).text(), await (await as('denied', p, small)).text()]));
    await run(SECRET);
    const withIt = await Promise.all(paths.map(async (p) => [await (await as('anonymous', p, small)).text(), await (await as('denied', p, small)).text()]));
    expect(withIt).toEqual(without);
    // With a page size of 2, the allowed person's mss (3 objects) is split into ranges; the others' is not.
    const allowed = (await (await as('allowed', '/iiif/collection/mss', small)).json()) as Json;
    expect(allowed.items.every((i: Json) => i.type === 'Collection')).toBe(true);
    expect(JSON.parse(withIt[0]![0]!).items.every((i: Json) => i.type === 'Manifest')).toBe(true);
  });

  it('hide a restricted collection from the top and refuse it to those who may not see it', async () => {
    const top = async (who: 'anonymous' | 'allowed') => (((await (await as(who, '/iiif/collection')).json()) as Json).items as Json[]).map((i) => i.id);
    expect(await top('anonymous')).not.toContain('http://iiif.test/iiif/collection/private');
    expect(await top('allowed')).toContain('http://iiif.test/iiif/collection/private');
    expect((await as('anonymous', '/iiif/collection/private')).status).toBe(401);
    expect((await as('denied', '/iiif/collection/private')).status).toBe(403);
    expect((await as('allowed', '/iiif/collection/private')).status).toBe(200);
  });
});

describe('identifiers without a record (folder manifests)', () => {
  it('leave out images this person may not see, and are never public when they hold restricted ones', async () => {
    await seed('chart', 'private/folder/a');
    await seed('chart', 'open/folder/a');
    expect((await as('anonymous', '/iiif/manifest/private%2Ffolder')).status).toBe(401);
    const allowed = await as('allowed', '/iiif/manifest/private%2Ffolder');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('Cache-Control')).toBe('private, no-store');
    // The folder "private" is under the default (open) policy, but its images are not: the anonymous listing is empty.
    expect((await as('anonymous', '/iiif/manifest/private')).status).toBe(404);
    const everything = (await (await as('allowed', '/iiif/manifest/private')).json()) as Json;
    expect(everything.items.length).toBeGreaterThan(0);
    const openFolder = await as('anonymous', '/iiif/manifest/open%2Ffolder');
    expect(openFolder.headers.get('Cache-Control')).toBe('public, max-age=30');
  });
});

describe('the open default is unchanged', () => {
  it('serves an open record publicly with no auth services', async () => {
    const res = await call(env, '/iiif/manifest/open%2Fone');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json;
    expect(doc['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
  });
});
