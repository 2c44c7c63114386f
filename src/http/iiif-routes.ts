/**
 * The Image API routes (Image API 3.0 and 2.1, IIIF Auth 2.0 probe), as a route table whose order is the
 * rule (docs/ACCESS.md):
 *   1. parseTarget:  what is asked (`/iiif/{v}/{id}/…`); malformed paths end here with 400/404;
 *   2. probe:        the Auth 2.0 probe decides for itself (always 200, the status in its body);
 *   3. decideAccess: policy × identity → decision and CORS headers, before any cache lookup or R2 read;
 *   4. base, info, image: small handlers that read the target, decision and CORS from the context.
 * Errors go to the app's error handler, which reads the CORS headers from the context.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import {
  AUTH2_CONTEXT,
  imageServiceUrl,
  cacheControlFor,
  cappedServiceDecision,
  corsHeaders,
  decide,
  denialError,
  identify,
  infoAuthServices,
  infoContext3,
  infoStatus,
  policyFor,
  probeResult,
  type AuthConfig,
  type Policy,
} from '../auth';
import { cacheTagFor, type DerivativeStore } from '../cache/derivative-cache';
import type { Config } from '../config';
import { NotFound } from '../errors';
import { linkHeaders } from '../iiif/info';
import { parseImageRequest } from '../iiif/parse-request';
import { cappedView } from '../service/capped-index';
import { describeIndex, describeRefusal } from '../service/info-service';
import { renderImage } from '../service/image-service';
import type { ImageStore } from '../service/image-store';
import { Timing } from '../service/timing';
import { ReadStats } from '../source/range-source';
import { type AppContext, type AppEnv, deferrer, finish } from './context';
import { contextLink, infoContentType, makeEtag, notModified, openCors } from './headers';
import { parseIiifPath } from './iiif-path';
import { recordOf } from './request-log';

export interface IiifDeps {
  readonly config: Config;
  readonly auth: AuthConfig;
  readonly store: ImageStore;
  readonly derivatives: DerivativeStore;
  /** Part of derivative cache keys: changes when settings that alter output bytes change. */
  readonly cacheSalt: string;
}

/** The public base for ids and links: configured, else this request's origin (never forwarded headers). */
export function publicBase(config: Config, requestUrl: string): string {
  return config.publicBaseUrl ?? new URL(requestUrl).origin;
}

function r2Entry(stats: ReadStats) {
  const shared = stats.shared > 0 ? `, ${stats.shared} shared` : '';
  return { name: 'r2', dur: stats.ms, desc: `${stats.reads} read${stats.reads === 1 ? '' : 's'}${shared}` };
}

/** Open content may be kept by anyone for max-age; the URL names one version (the ETag changes with it). */
function cacheControl(policy: Policy, config: Config): string {
  const value = cacheControlFor(policy, config.cacheMaxAge);
  return policy.kind === 'open' ? `${value}, immutable` : value;
}

/** Whether the identifier names a readable image (NotFound → false; other errors propagate). */
async function exists(store: ImageStore, id: string, stats: ReadStats, defer: (p: Promise<unknown>) => void): Promise<boolean> {
  try {
    await store.open(id, stats, defer);
    return true;
  } catch (err) {
    if (err instanceof NotFound) return false;
    throw err;
  }
}

const GET_HEAD = ['GET', 'HEAD'];
/** Image API paths: `/iiif/3/…` and `/iiif/2/…`; the capped tier is `…/{id}/capped/…`. */
const V = '/iiif/:version{[23]}';

/** 1. What is asked: the target, the public base and the policy of its collection. */
function parseTarget(deps: IiifDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('cors', openCors());
    const target = parseIiifPath(new URL(c.req.url).pathname);
    c.set('target', target);
    c.set('base', publicBase(deps.config, c.req.url));
    const policy = policyFor(target.id, deps.auth);
    c.set('policy', policy);
    recordOf(c).policy = policy.kind;
    await next();
  };
}

/** 3. Who may see what (the capped service is the same for everyone), and the CORS headers that allows. */
function decideAccess(deps: IiifDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { target, policy } = c.var;
    let decision;
    if (target.variant === 'capped') {
      decision = cappedServiceDecision(policy);
      if (decision === null) throw new NotFound('this image has no capped tier (it is not in a tiered collection)');
    } else {
      const identity = policy.kind === 'open' ? null : await identify(c.req.raw, deps.auth);
      decision = decide(policy, identity);
    }
    c.set('decision', decision);
    recordOf(c).tier = 'deny' in decision ? 'denied' : decision.tier;
    c.set('cors', corsHeaders(c.req.header('Origin') ?? null, 'deny' in decision ? 'denied' : decision.tier, deps.auth));
    await next();
  };
}

/** 2. IIIF Auth 2.0 §5.2: always 200; whether the image exists is told only to whoever may see it. */
async function probe(c: AppContext, deps: IiifDeps): Promise<Response> {
  const { target, policy, base } = c.var;
  const identity = await identify(c.req.raw, deps.auth);
  let result: object = probeResult(base, target.id, policy, identity);
  if ('status' in result && result.status === 200 && !(await exists(deps.store, target.id, new ReadStats(), deferrer(c)))) {
    result = { '@context': AUTH2_CONTEXT, type: 'AuthProbeResult2', status: 404, heading: { en: ['Not found'] }, note: { en: ['There is no image with this identifier.'] } };
  }
  return finish(c, JSON.stringify(result), 200, {
    ...corsHeaders(c.req.header('Origin') ?? null, 'probe', deps.auth),
    'Content-Type': 'application/json',
    'Cache-Control': 'private, no-store',
    Vary: 'Origin, Authorization',
  });
}

/**
 * Image API 3.0 §2 / 2.1 §2: the base URI redirects to the image information document (decided without
 * opening the object: the same for a missing and an existing image).
 */
function base(c: AppContext): Response {
  const { target, cors } = c.var;
  recordOf(c).path = 'redirect';
  const service = imageServiceUrl(c.var.base, target.version, target.id, target.variant);
  return new Response(null, { status: 303, headers: { ...cors, Location: `${service}/info.json` } });
}

/**
 * info.json. Auth 1.0 §3: a restricted image's info.json comes under 401/403 with its auth services, but
 * nothing that depends on the image (docs/ACCESS.md § What a refusal reveals); the public tier of a tiered
 * image is its capped service, so info.json redirects there.
 */
async function info(c: AppContext, deps: IiifDeps): Promise<Response> {
  const { target, policy, decision, cors, base } = c.var;
  const { config, store } = deps;
  const stats = new ReadStats();
  const timing = new Timing();
  const record = recordOf(c);
  record.measuring(stats, timing);
  const service = imageServiceUrl(base, target.version, target.id, target.variant);
  const status = target.variant === 'main' ? infoStatus(decision, base, target.version, target.id) : { status: 200 as const };
  if (status.status === 302) {
    record.path = 'redirect';
    return new Response(null, { status: 302, headers: { ...cors, Location: status.location, 'Cache-Control': 'private, no-store' } });
  }
  const services = infoAuthServices(target.version, base, target.id, policy, target.variant, deps.auth.institution);
  const context3 = target.version === 3 ? infoContext3(policy, target.variant) : undefined;
  const contentType = infoContentType(target.version, c.req.header('Accept') ?? null);
  if ('deny' in decision) {
    // Decided before the object is opened: the same answer whether the image exists or not.
    record.path = 'denied';
    record.reason = decision.reason;
    return finish(c, JSON.stringify(describeRefusal(target.version, service, services, context3)), decision.deny, {
      ...cors,
      'Content-Type': contentType,
      'Cache-Control': 'private, no-store',
      Vary: cors['Vary'] ? `${cors['Vary']}, Accept` : 'Accept',
    });
  }
  record.path = 'info';
  const image = await store.open(target.id, stats, deferrer(c));
  const view = target.variant === 'capped' && decision.tier === 'capped' ? cappedView(image.index, decision.maxSize).index : image.index;
  const doc = describeIndex(view, target.version, service, config.limits, services, context3);
  const etag = makeEtag(image.etag, 'info', String(target.version), target.variant, service, policy.kind, contentType);
  const context = contextLink(target.version, contentType);
  const headers: Record<string, string> = {
    ...cors,
    'Content-Type': contentType,
    Link: context === null ? linkHeaders(target.version, null) : `${linkHeaders(target.version, null)}, ${context}`,
    ETag: etag,
    'Cache-Control': cacheControl(policy, config),
    'Cache-Tag': cacheTagFor(target.id).slice(0, 1024),
    'Server-Timing': timing.header('info', [r2Entry(stats)]),
  };
  headers['Vary'] = headers['Vary'] ? `${headers['Vary']}, Accept` : 'Accept';
  if (notModified(c.req.header('If-None-Match') ?? null, etag)) return finish(c, null, 304, headers);
  return finish(c, JSON.stringify(doc), 200, headers);
}

/** An image request: a denial ends here; otherwise renderImage plans and serves it (src/service/image-service.ts). */
async function image(c: AppContext, deps: IiifDeps): Promise<Response> {
  const { target, policy, decision, cors, base } = c.var;
  if ('deny' in decision) throw denialError(decision);
  if (target.kind !== 'image') throw new NotFound('no such route');
  const { config, store } = deps;
  const stats = new ReadStats();
  const timing = new Timing();
  recordOf(c).measuring(stats, timing);
  const service = imageServiceUrl(base, target.version, target.id, target.variant);
  const [region, size, rotation, qualityFormat] = target.params;
  const request = parseImageRequest(target.version, target.id, region, size, rotation, qualityFormat);
  const ifNoneMatch = c.req.header('If-None-Match') ?? null;
  const etagOf = (sourceEtag: string, canonical: string, tier: string) => makeEtag(sourceEtag, canonical, tier, target.variant);
  const out = await renderImage(
    { store, derivatives: deps.derivatives, limits: config.limits, cacheMaxAge: config.cacheMaxAge, cacheSalt: deps.cacheSalt },
    // RFC 9110 §13.2.2: If-None-Match is judged before any work on the representation.
    { request, variant: target.variant, decision, clientHas: (e, canonical, tier) => notModified(ifNoneMatch, etagOf(e, canonical, tier)) },
    timing,
    stats,
    deferrer(c),
  );
  const headers: Record<string, string> = {
    ...cors,
    'Content-Type': out.contentType,
    Link: linkHeaders(target.version, `${service}/${out.resolved.canonical}`),
    ETag: etagOf(out.sourceEtag, out.resolved.canonical, out.tier),
    'Cache-Control': cacheControl(policy, config),
    'Cache-Tag': cacheTagFor(target.id).slice(0, 1024),
    'Server-Timing': timing.header(out.notModified ? 'revalidated' : out.path, [r2Entry(stats)]),
  };
  recordOf(c).path = out.notModified ? 'not-modified' : out.cacheHit ? 'cache-hit' : out.path;
  if (out.notModified) {
    delete headers['Content-Type'];
    return finish(c, null, 304, headers);
  }
  return finish(c, out.body, 200, headers);
}

/** Registers the Image API route table on `app`, in the order above. */
export function iiifRoutes(app: Hono<AppEnv>, deps: IiifDeps): void {
  app.on(GET_HEAD, `${V}/*`, parseTarget(deps));
  app.on(GET_HEAD, `${V}/:id/probe`, (c) => probe(c, deps));
  app.on(GET_HEAD, `${V}/*`, decideAccess(deps));
  app.on(GET_HEAD, [`${V}/:id`, `${V}/:id/`, `${V}/:id/capped`, `${V}/:id/capped/`], (c) => base(c));
  app.on(GET_HEAD, [`${V}/:id/info.json`, `${V}/:id/capped/info.json`], (c) => info(c, deps));
  app.on(GET_HEAD, [`${V}/:id/:region/:size/:rotation/:quality`, `${V}/:id/capped/:region/:size/:rotation/:quality`], (c) => image(c, deps));
  // Anything else under /iiif/{v}/ is judged by the same parser, so its message names what was expected.
  app.on(GET_HEAD, '/iiif/*', (c) => {
    parseIiifPath(new URL(c.req.url).pathname);
    throw new NotFound('no such route');
  });
}
