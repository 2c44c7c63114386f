/**
 * Routes around the Image API: the viewer page and Presentation 3.0 manifests. Thin: parse the path,
 * call a service, map to HTTP.
 */
import type { Context } from 'hono';
import { AUTH_PRESENTATION3_CONTEXT, decide, denialError, identify, imageServiceUrl, manifestAuthServices, policyFor, type Identity } from '../auth';
import { BadRequest } from '../errors';
import { parseIdentifier } from '../iiif/identifier';
import { buildObjectManifest } from '../service/manifest-service';
import { ReadStats } from '../source/range-source';
import { errorResponse } from './error-response';
import { openCors } from './headers';
import { type IiifDeps, publicBase } from './iiif-routes';
import { recordOf } from './request-log';
import { viewerPage } from './viewer';

/**
 * The identifier after `prefix`, decoded and checked. IIIF URLs carry it as one segment (`/` written
 * `%2F`); the viewer page, typed by people, also takes plain slashes (`/viewer/samples/chart`).
 */
function idAfter(c: Context, prefix: string, plainSlashes = false): string {
  const raw = new URL(c.req.url).pathname.slice(prefix.length);
  if (raw === '' || (!plainSlashes && raw.includes('/'))) {
    throw new BadRequest(`expected ${prefix}{identifier} (write / inside an identifier as %2F)`);
  }
  return parseIdentifier(raw);
}

export function handleViewer(c: Context, deps: IiifDeps): Response {
  try {
    const id = idAfter(c, '/viewer/', true);
    const version = c.req.query('v') === '2' ? 2 : 3;
    const info = `${imageServiceUrl(publicBase(deps.config, c.req.url), version, id)}/info.json`;
    return c.html(viewerPage(info, id));
  } catch (err) {
    recordOf(c).fail(err);
    return errorResponse(err);
  }
}

export async function handleManifest(c: Context, deps: IiifDeps & { readonly bucket: R2Bucket }): Promise<Response> {
  const cors = openCors();
  const record = recordOf(c);
  try {
    const object = idAfter(c, '/iiif/manifest/');
    const base = publicBase(deps.config, c.req.url);
    const stats = new ReadStats();
    record.measuring(stats);
    record.path = 'manifest';
    // Access is decided before anything is read (docs/ACCESS.md § What a refusal reveals): an object
    // under a restricted prefix is refused alike whether it exists or not, and a folder lists only the
    // images the caller may see. Any non-open image makes the answer depend on who asks: never public.
    const { auth } = deps;
    const anyPolicy = auth.defaultPolicy.kind !== 'open' || auth.collections.some((p) => p.kind !== 'open');
    const identity: Identity | null = anyPolicy ? await identify(c.req.raw, auth) : null;
    const objectPolicy = policyFor(object, auth);
    record.policy = objectPolicy.kind;
    const objectDecision = decide(objectPolicy, identity);
    if ('deny' in objectDecision) throw denialError(objectDecision);
    let personal = false;
    const visible = (id: string): boolean => {
      const policy = policyFor(id, auth);
      if (policy.kind !== 'open') personal = true;
      return !('deny' in decide(policy, identity));
    };
    const manifestUrl = `${base}/iiif/manifest/${encodeURIComponent(object)}`;
    let anyAuth = false;
    const servicesFor = (id: string) => {
      const services = manifestAuthServices(base, id, policyFor(id, deps.auth), deps.auth.institution);
      anyAuth ||= services.length > 0;
      return services;
    };
    const doc = await buildObjectManifest(deps.bucket, deps.store, deps.config, object, manifestUrl, (id) => imageServiceUrl(base, 3, id), stats, servicesFor, visible);
    // Auth 2.0 §2.1: the auth context first when any image carries auth services.
    if (anyAuth) doc['@context'] = AUTH_PRESENTATION3_CONTEXT;
    return new Response(c.req.method === 'HEAD' ? null : JSON.stringify(doc), {
      headers: {
        ...cors,
        'Content-Type': 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
        'Cache-Control': personal ? 'private, no-store' : `public, max-age=${Math.min(deps.config.cacheMaxAge, 300)}`,
      },
    });
  } catch (err) {
    record.fail(err);
    return errorResponse(err, cors);
  }
}
