/**
 * Routes around the Image API: the viewer page and Presentation 3.0 manifests. Thin: parse the path,
 * call a service, map to HTTP.
 */
import type { Context } from 'hono';
import { imageServiceUrl } from '../auth';
import { BadRequest } from '../errors';
import { parseIdentifier } from '../iiif/identifier';
import { errorResponse } from './error-response';
import { type IiifDeps, publicBase } from './iiif-routes';
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
    return errorResponse(err);
  }
}
