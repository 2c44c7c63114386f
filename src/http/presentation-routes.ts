/**
 * The Presentation 3.0 routes: `/iiif/manifest/{object}` and `/iiif/collection[/{name}]`, as a route table in
 * the same order as the Image API's (docs/CATALOGUE.md, "Access"):
 *   1. recordAccess / listingAccess: the object or collection asked for, who asks, and whether they may see its
 *      record, decided from the COLLECTIONS policy before the catalogue is read; the CORS headers that allows;
 *   2. manifest / collection: read the catalogue (one batch), build the document, ETag, 304, cache headers.
 * Errors are JSON (`{"status","error"}`), with Retry-After when the catalogue is unavailable (503).
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { corsHeaders, decide, denialError, identify, manifestAuthServices, policyFor, type AuthConfig, type Identity } from '../auth';
import type { Catalog } from '../catalog/catalog';
import { anyHidden, recordVisible, visibilityFor } from '../catalog/visibility';
import { BadRequest } from '../errors';
import { parseIdentifier } from '../iiif/identifier';
import type { Env } from '../env';
import { collectionDoc } from '../presentation/collection';
import { objectManifest } from '../presentation/object-manifest';
import { manifestUrl } from '../presentation/urls';
import { collectionPage, type CollectionRequest } from '../service/collection-service';
import { buildObjectManifest } from '../service/manifest-service';
import { Timing } from '../service/timing';
import { ReadStats } from '../source/range-source';
import { type AppContext, type AppEnv, finish } from './context';
import { makeEtag, notModified, openCors } from './headers';
import { type IiifDeps, publicBase } from './iiif-routes';
import { recordOf } from './request-log';

export interface PresentationDeps extends IiifDeps {
  readonly bucket: R2Bucket;
  /** The catalogue for one request (a D1 session behind a timeout guard, in production). */
  readonly catalog: (env: Env) => Catalog;
}

export const PRESENTATION3_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"';

/**
 * How long anyone may keep a public manifest or collection: an edited record shows within this many seconds
 * (docs/CATALOGUE.md, "Caching"); revalidation with the ETag is cheap (a 304 after one catalogue read).
 */
export const PRESENTATION_MAX_AGE_S = 30;

/** The identifier or name after `prefix`: one path segment, `/` written `%2F`. */
function segmentAfter(c: AppContext, prefix: string): string {
  const raw = new URL(c.req.url).pathname.slice(prefix.length);
  if (raw === '' || raw.includes('/')) throw new BadRequest(`expected ${prefix}{name} (write / inside a name as %2F)`);
  return parseIdentifier(raw);
}

/** Who asks, when the answer can depend on it (some collection is not open). */
async function identityIfNeeded(c: AppContext, auth: AuthConfig, needed: boolean): Promise<Identity | null> {
  return needed ? identify(c.req.raw, auth) : null;
}

/** 1. A manifest: the object's policy (its id against COLLECTIONS) decides before the catalogue is read. */
function recordAccess(deps: PresentationDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('cors', openCors());
    c.set('errorBody', 'json');
    const objectId = segmentAfter(c, '/iiif/manifest/');
    const policy = policyFor(objectId, deps.auth);
    const identity = await identityIfNeeded(c, deps.auth, policy.kind !== 'open' || anyHidden(deps.auth));
    const origin = c.req.header('Origin') ?? null;
    c.set('base', publicBase(deps.config, c.req.url));
    c.set('policy', policy);
    if (!recordVisible(policy, identity)) {
      const denial = decide(policy, identity);
      c.set('cors', corsHeaders(origin, 'denied', deps.auth));
      if ('deny' in denial) throw denialError({ deny: denial.deny, reason: denial.reason.replace('this image is', 'this object is') });
    }
    const publicRecord = policy.kind !== 'restricted' || policy.records === 'open';
    // A record only allowed identities see is readable by configured viewer origins only (with credentials).
    c.set('cors', corsHeaders(origin, publicRecord ? 'capped' : 'full', deps.auth));
    c.set('record', { objectId, identity, publicRecord });
    await next();
  };
}

/** 1. A collection: listings are filtered by what this person may see; a hidden collection is refused. */
function listingAccess(deps: PresentationDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('cors', openCors());
    c.set('errorBody', 'json');
    const path = new URL(c.req.url).pathname;
    const name = path === '/iiif/collection' || path === '/iiif/collection/' ? null : segmentAfter(c, '/iiif/collection/');
    const from = c.req.query('from');
    const span = c.req.query('span');
    if ((from === undefined) !== (span === undefined)) throw new BadRequest('a range needs both from and span');
    if (name === null && from !== undefined) throw new BadRequest('the top collection has no ranges');
    if (span !== undefined && !/^[1-9][0-9]{0,15}$/.test(span)) throw new BadRequest(`span must be a positive integer, got "${span}"`);
    const personal = anyHidden(deps.auth);
    const identity = await identityIfNeeded(c, deps.auth, personal);
    const origin = c.req.header('Origin') ?? null;
    if (name !== null) {
      // A collection's objects are `{name}/…`: its own policy is that of its prefix.
      const policy = policyFor(`${name}/`, deps.auth);
      if (!recordVisible(policy, identity)) {
        c.set('cors', corsHeaders(origin, 'denied', deps.auth));
        const denial = decide(policy, identity);
        if ('deny' in denial) throw denialError({ deny: denial.deny, reason: denial.reason.replace('this image is', 'this collection is') });
      }
    }
    c.set('base', publicBase(deps.config, c.req.url));
    c.set('cors', corsHeaders(origin, personal && identity !== null ? 'full' : 'capped', deps.auth));
    const req: CollectionRequest = { name, range: from === undefined ? null : { from: parseIdentifier(encodeURIComponent(from)), span: Number(span) } };
    c.set('listing', { req, visibility: visibilityFor(deps.auth, identity), personal });
    await next();
  };
}

/**
 * The answer, with Server-Timing: `catalogue` is the wait for D1, `build` the Worker's own work (building and
 * serialising the document), which is what `npm run bench -- --manifest` reports as CPU per manifest.
 */
function respond(c: AppContext, body: string, etag: string, cacheControl: string, timing: Timing, kind: string): Response {
  const headers: Record<string, string> = {
    ...c.var.cors,
    'Content-Type': PRESENTATION3_CONTENT_TYPE,
    ETag: etag,
    'Cache-Control': cacheControl,
    'Server-Timing': timing.header(kind),
  };
  const revalidated = notModified(c.req.header('If-None-Match') ?? null, etag);
  recordOf(c).path = revalidated ? 'not-modified' : 'manifest';
  if (revalidated) return finish(c, null, 304, headers);
  return finish(c, body, 200, headers);
}

const publicCache = `public, max-age=${PRESENTATION_MAX_AGE_S}`;
const PRIVATE = 'private, no-store';

/** Whether any image at or under `objectId` falls under a policy other than open. */
function anyPolicyUnder(auth: AuthConfig, objectId: string): boolean {
  const folder = `${objectId}/`;
  if (auth.defaultPolicy.kind !== 'open') return true;
  return auth.collections.some((p) => p.kind !== 'open' && (p.collection.startsWith(folder) || objectId.startsWith(p.collection)));
}

/** 2. The manifest: from the record when there is one, else the one-image or folder manifest. */
async function manifest(c: AppContext, deps: PresentationDeps): Promise<Response> {
  const { objectId, identity, publicRecord } = c.var.record;
  const base = c.var.base;
  const { auth } = deps;
  let allOpen = true;
  const authServices = (id: string) => {
    const policy = policyFor(id, auth);
    if (policy.kind !== 'open') allOpen = false;
    return manifestAuthServices(base, id, policy, auth.institution);
  };
  const timing = new Timing();
  const data = await timing.measure('catalogue', () => deps.catalog(c.env).manifestData(objectId));
  if (data !== null) {
    const started = performance.now();
    const body = JSON.stringify(objectManifest(data, { base, authServices }));
    // The ETag changes with the record, its collection's label and any page's pyramid; and with the base and
    // policy, which change ids and services.
    const etag = makeEtag(
      data.object.updatedAt.replace(/[^0-9A-Za-z]/g, ''),
      data.object.hash,
      data.collection?.updatedAt ?? '',
      data.thumbnail?.etag ?? '',
      ...data.canvases.map((v) => v.facts?.etag ?? '-'),
      base,
      JSON.stringify(c.var.policy),
    );
    timing.add('build', performance.now() - started, `${data.canvases.length} canvases`);
    return respond(c, body, etag, publicRecord ? publicCache : PRIVATE, timing, 'manifest');
  }
  // No record: one canvas per image, named by identifier, and never an image this person may not see.
  const visibility = visibilityFor(auth, identity);
  const doc = await timing.measure('r2', () => buildObjectManifest(deps.bucket, deps.store, deps.config, objectId, manifestUrl(base, objectId), base, new ReadStats(), authServices, visibility));
  const body = JSON.stringify(doc);
  // Shared caches may keep it only if no one could see more or less of this folder than anyone else: an
  // image filtered out above leaves no trace in allOpen, so any non-open policy below the folder counts.
  const folderPersonal = !allOpen || anyPolicyUnder(auth, objectId);
  return respond(c, body, makeEtag('folder', body), publicRecord && !folderPersonal ? publicCache : PRIVATE, timing, 'folder-manifest');
}

/** 2. A collection page: sub-collections and manifests, split into ranges when large. */
async function collection(c: AppContext, deps: PresentationDeps): Promise<Response> {
  const { req, visibility, personal } = c.var.listing;
  const base = c.var.base;
  const top = { en: [deps.auth.institution ?? `${new URL(base).host} collections`] };
  const timing = new Timing();
  const input = await timing.measure('catalogue', () => collectionPage(deps.catalog(c.env), base, req, visibility, deps.config.collectionPageSize, top));
  const started = performance.now();
  const body = JSON.stringify(collectionDoc(base, input));
  const etag = makeEtag('collection', body);
  timing.add('build', performance.now() - started, `${input.items.length} items`);
  return respond(c, body, etag, personal ? PRIVATE : publicCache, timing, 'collection');
}

/** Registers the Presentation route table on `app`. */
export function presentationRoutes(app: Hono<AppEnv>, deps: PresentationDeps): void {
  const GET_HEAD = ['GET', 'HEAD'];
  app.on(GET_HEAD, '/iiif/manifest/*', recordAccess(deps), (c) => manifest(c, deps));
  app.on(GET_HEAD, ['/iiif/collection', '/iiif/collection/*'], listingAccess(deps), (c) => collection(c, deps));
}
