/**
 * The Image API routes, thin: parse the path, decide access (before any cache lookup or pixel read,
 * DESIGN §4 step 2), call the info or image service, and map the result to HTTP with CORS, Link, ETag,
 * Cache-Control, Cache-Tag and Server-Timing headers. Also the IIIF Auth 2.0 probe.
 */
import type { Context } from 'hono';
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
  type Decision,
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
import { errorResponse } from './error-response';
import { contextLink, infoContentType, makeEtag, notModified, openCors } from './headers';
import { type IiifTarget, parseIiifPath } from './iiif-path';
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

/** Background work that must outlive the response (Cache API writes); inline when there is no context. */
function deferrer(c: Context): (p: Promise<unknown>) => void {
  try {
    const ctx = c.executionCtx;
    return (p) => ctx.waitUntil(p);
  } catch {
    return (p) => void p;
  }
}

function finish(c: Context, body: BodyInit | null, status: number, headers: Record<string, string>): Response {
  return new Response(c.req.method === 'HEAD' ? null : body, { status, headers });
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

/** Who may see what: the decision for this request (the capped service is the same for everyone). */
async function decisionFor(c: Context, target: IiifTarget, policy: Policy, auth: AuthConfig): Promise<Decision> {
  if (target.variant === 'capped') {
    const capped = cappedServiceDecision(policy);
    if (capped === null) throw new NotFound('this image has no capped tier (it is not in a tiered collection)');
    return capped;
  }
  const identity = policy.kind === 'open' ? null : await identify(c.req.raw, auth);
  return decide(policy, identity);
}

export async function handleIiif(c: Context, deps: IiifDeps): Promise<Response> {
  const { config, store, auth } = deps;
  const record = recordOf(c);
  let cors = openCors();
  try {
    const target = parseIiifPath(new URL(c.req.url).pathname);
    const base = publicBase(config, c.req.url);
    const service = imageServiceUrl(base, target.version, target.id, target.variant);
    const policy = policyFor(target.id, auth);
    const origin = c.req.header('Origin') ?? null;
    const stats = new ReadStats();
    const timing = new Timing();
    const defer = deferrer(c);
    const cacheTag = cacheTagFor(target.id).slice(0, 1024);
    record.measuring(stats, timing);
    record.policy = policy.kind;

    if (target.kind === 'probe') {
      // IIIF Auth 2.0 §5.2: always 200; the real status is in the body. Whether the image exists is told only
      // to whoever may see it (a denial comes first, as for the image itself).
      const identity = await identify(c.req.raw, auth);
      let result: object = probeResult(base, target.id, policy, identity);
      if ('status' in result && result.status === 200 && !(await exists(store, target.id, stats, defer))) {
        result = { '@context': AUTH2_CONTEXT, type: 'AuthProbeResult2', status: 404, heading: { en: ['Not found'] }, note: { en: ['There is no image with this identifier.'] } };
      }
      return finish(c, JSON.stringify(result), 200, {
        ...corsHeaders(origin, 'probe', auth),
        'Content-Type': 'application/json',
        'Cache-Control': 'private, no-store',
        Vary: 'Origin, Authorization',
      });
    }

    const decision = await decisionFor(c, target, policy, auth);
    cors = corsHeaders(origin, 'deny' in decision ? 'denied' : decision.tier, auth);
    record.tier = 'deny' in decision ? 'denied' : decision.tier;

    if (target.kind === 'base') {
      // Image API 3.0 §2 / 2.1 §2: the base URI redirects to the image information document (decided
      // without opening the object: the same for a missing and an existing image).
      record.path = 'redirect';
      return new Response(null, { status: 303, headers: { ...cors, Location: `${service}/info.json` } });
    }

    if (target.kind === 'info') {
      // Auth 1.0 §3: a restricted image's info.json comes under 401/403 with its auth services (but
      // nothing that depends on the image: docs/ACCESS.md § What a refusal reveals); the public tier of a
      // tiered image is its capped service, so info.json redirects there.
      const status = target.variant === 'main' ? infoStatus(decision, base, target.version, target.id) : { status: 200 as const };
      if (status.status === 302) {
        record.path = 'redirect';
        return new Response(null, { status: 302, headers: { ...cors, Location: status.location, 'Cache-Control': 'private, no-store' } });
      }
      const services = infoAuthServices(target.version, base, target.id, policy, target.variant, auth.institution);
      const context = target.version === 3 ? infoContext3(policy, target.variant) : undefined;
      const contentType = infoContentType(target.version, c.req.header('Accept') ?? null);
      if ('deny' in decision) {
        // Decided before the object is opened: the same answer whether the image exists or not.
        record.path = 'denied';
        record.reason = decision.reason;
        return finish(c, JSON.stringify(describeRefusal(target.version, service, services, context)), decision.deny, {
          ...cors,
          'Content-Type': contentType,
          'Cache-Control': 'private, no-store',
          Vary: cors['Vary'] ? `${cors['Vary']}, Accept` : 'Accept',
        });
      }
      record.path = 'info';
      const image = await store.open(target.id, stats, defer);
      const view = target.variant === 'capped' && decision.tier === 'capped' ? cappedView(image.index, decision.maxSize).index : image.index;
      const doc = describeIndex(view, target.version, service, config.limits, services, context);
      const etag = makeEtag(image.etag, 'info', String(target.version), target.variant, service, policy.kind, contentType);
      const contextHeader = contextLink(target.version, contentType);
      const headers: Record<string, string> = {
        ...cors,
        'Content-Type': contentType,
        Link: contextHeader === null ? linkHeaders(target.version, null) : `${linkHeaders(target.version, null)}, ${contextHeader}`,
        ETag: etag,
        'Cache-Control': cacheControl(policy, config),
        'Cache-Tag': cacheTag,
        'Server-Timing': timing.header('info', [r2Entry(stats)]),
      };
      headers['Vary'] = headers['Vary'] ? `${headers['Vary']}, Accept` : 'Accept';
      if (notModified(c.req.header('If-None-Match') ?? null, etag)) return finish(c, null, 304, headers);
      return finish(c, JSON.stringify(doc), 200, headers);
    }

    // Refused before the object is opened: a denied caller cannot tell a missing image from an existing one.
    if ('deny' in decision) throw denialError(decision);
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
      defer,
    );
    const headers: Record<string, string> = {
      ...cors,
      'Content-Type': out.contentType,
      Link: linkHeaders(target.version, `${service}/${out.resolved.canonical}`),
      ETag: etagOf(out.sourceEtag, out.resolved.canonical, out.tier),
      'Cache-Control': cacheControl(policy, config),
      'Cache-Tag': cacheTag,
      'Server-Timing': timing.header(out.notModified ? 'revalidated' : out.path, [r2Entry(stats)]),
    };
    record.path = out.notModified ? 'not-modified' : out.cacheHit ? 'cache-hit' : out.path;
    if (out.notModified) {
      delete headers['Content-Type'];
      return finish(c, null, 304, headers);
    }
    return finish(c, out.body, 200, headers);
  } catch (err) {
    record.fail(err);
    return errorResponse(err, cors);
  }
}
