/**
 * What the routing middleware puts into a request's Hono context, so handlers stay small and the error
 * handler answers with the right CORS headers: the parsed target, the public base, the collection policy,
 * the access decision and the CORS headers that decision allows (docs/ACCESS.md).
 */
import type { Context } from 'hono';
import type { Decision, Identity, Policy } from '../auth';
import type { Visibility } from '../catalog/visibility';
import type { CollectionRequest } from '../service/collection-service';
import type { ErrorBody } from './error-response';
import type { Env } from '../env';
import type { IiifTarget } from './iiif-path';
import type { RequestRecord } from './request-log';

export interface RouteVars {
  /** The operator's log line of this request (src/http/request-log.ts). */
  requestRecord: RequestRecord;
  /** CORS headers for whatever this request answers, errors included; open until access is decided. */
  cors: Record<string, string>;
  /** Public base for ids and links (configured, else the request's origin). */
  base: string;
  /** The Image API target (image routes only). */
  target: IiifTarget;
  /** The collection policy that covers the requested identifier or object. */
  policy: Policy;
  /** Who may see what, decided once before any read. */
  decision: Decision;
  /** How errors are written: plain text (Image API) or JSON (Presentation routes). */
  errorBody: ErrorBody;
  /** A manifest request: the object, who asks, and whether its record is shown to everyone. */
  record: { readonly objectId: string; readonly identity: Identity | null; readonly publicRecord: boolean };
  /** A collection request, what this person may see, and whether the answer depends on who asks. */
  listing: { readonly req: CollectionRequest; readonly visibility: Visibility; readonly personal: boolean };
}

export type AppEnv = { Bindings: Env; Variables: RouteVars };
export type AppContext = Context<AppEnv>;

/** Background work that must outlive the response (Cache API writes); inline when there is no context. */
export function deferrer(c: Context): (p: Promise<unknown>) => void {
  try {
    const ctx = c.executionCtx;
    return (p) => ctx.waitUntil(p);
  } catch {
    return (p) => void p;
  }
}

/** A response with no body for HEAD (RFC 9110 §9.3.2: same headers as GET). */
export function finish(c: Context, body: BodyInit | null, status: number, headers: Record<string, string>): Response {
  return new Response(c.req.method === 'HEAD' ? null : body, { status, headers });
}
