/**
 * The viewer pages, thin: `/viewer/{id}` opens an object with a catalogue record in Mirador (`?uv`: Universal
 * Viewer) through its manifest, and any other identifier, a plain image, in OpenSeadragon through its info.json.
 * Both viewers are served by this Worker from its own static assets (scripts/viewer-assets.mjs).
 */
import type { Context } from 'hono';
import { identify, imageServiceUrl, policyFor } from '../auth';
import { anyHidden, recordVisible } from '../catalog/visibility';
import { BadRequest } from '../errors';
import { parseIdentifier } from '../iiif/identifier';
import { manifestUrl } from '../presentation/urls';
import type { AppEnv } from './context';
import { errorResponse } from './error-response';
import { publicBase } from './iiif-routes';
import { recordOf } from './request-log';
import type { PresentationDeps } from './presentation-routes';
import { miradorPage, uvPage, viewerPage } from './viewer';

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

export async function handleViewer(c: Context<AppEnv>, deps: PresentationDeps): Promise<Response> {
  try {
    const id = idAfter(c, '/viewer/', true);
    const base = publicBase(deps.config, c.req.url);
    const policy = policyFor(id, deps.auth);
    const identity = policy.kind !== 'open' || anyHidden(deps.auth) ? await identify(c.req.raw, deps.auth) : null;
    // A record this person may not see is not looked up (its existence is not revealed): the object page
    // offers the login, as its manifest answers 401/403.
    const object = !recordVisible(policy, identity) || (await deps.catalog(c.env).hasRecord(id));
    if (object) {
      const page = c.req.query('uv') !== undefined ? uvPage : miradorPage;
      return c.html(page(manifestUrl(base, id), id, `${base}/auth/login`), 200, { 'Cache-Control': 'no-cache' });
    }
    const version = c.req.query('v') === '2' ? 2 : 3;
    const info = `${imageServiceUrl(base, version, id)}/info.json`;
    return c.html(viewerPage(info, id));
  } catch (err) {
    recordOf(c).fail(err);
    return errorResponse(err);
  }
}
