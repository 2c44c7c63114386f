/**
 * The Image API routes, thin: parse the path, call the info or image service, and map the result to
 * HTTP with CORS, Link, ETag, Cache-Control and Server-Timing headers.
 */
import type { Context } from 'hono';
import type { Config } from '../config';
import { linkHeaders } from '../iiif/info';
import { parseImageRequest } from '../iiif/parse-request';
import type { ApiVersion } from '../iiif/types';
import { describeImage } from '../service/info-service';
import { renderImage } from '../service/image-service';
import type { ImageStore } from '../service/image-store';
import { Timing } from '../service/timing';
import { ReadStats } from '../source/range-source';
import { errorResponse } from './error-response';
import { infoContentType, makeEtag, notModified, openCors } from './headers';
import { parseIiifPath } from './iiif-path';

export interface IiifDeps {
  readonly config: Config;
  readonly store: ImageStore;
}

/** The public base for ids and links: configured, else this request's origin (never forwarded headers). */
export function publicBase(config: Config, requestUrl: string): string {
  return config.publicBaseUrl ?? new URL(requestUrl).origin;
}

export function serviceUrl(base: string, version: ApiVersion, id: string): string {
  return `${base}/iiif/${version}/${encodeURIComponent(id)}`;
}

function r2Entry(stats: ReadStats) {
  return { name: 'r2', dur: stats.ms, desc: `${stats.reads} read${stats.reads === 1 ? '' : 's'}` };
}

function finish(c: Context, body: BodyInit | null, status: number, headers: Record<string, string>): Response {
  return new Response(c.req.method === 'HEAD' ? null : body, { status, headers });
}

export async function handleIiif(c: Context, deps: IiifDeps): Promise<Response> {
  const { config, store } = deps;
  const cors = openCors();
  try {
    const target = parseIiifPath(new URL(c.req.url).pathname);
    const base = publicBase(config, c.req.url);
    const service = serviceUrl(base, target.version, target.id);
    const stats = new ReadStats();
    const timing = new Timing();

    if (target.kind === 'base') {
      // Image API 3.0 §2 / 2.1 §2: the base URI redirects to the image information document.
      return new Response(null, { status: 303, headers: { ...cors, Location: `${service}/info.json` } });
    }

    if (target.kind === 'info') {
      const info = await describeImage(store, target.version, target.id, service, config.limits, stats);
      const etag = makeEtag(info.sourceEtag, 'info', String(target.version), service);
      const headers: Record<string, string> = {
        ...cors,
        'Content-Type': infoContentType(target.version, c.req.header('Accept') ?? null),
        Link: linkHeaders(target.version, null),
        ETag: etag,
        'Cache-Control': `public, max-age=${config.cacheMaxAge}`,
        'Server-Timing': timing.header('info', [r2Entry(stats)]),
      };
      if (target.version === 2) headers['Vary'] = 'Accept';
      if (notModified(c.req.header('If-None-Match') ?? null, etag)) return finish(c, null, 304, headers);
      return finish(c, JSON.stringify(info.doc), 200, headers);
    }

    if (target.kind === 'image') {
      const [region, size, rotation, qualityFormat] = target.params;
      const request = parseImageRequest(target.version, target.id, region, size, rotation, qualityFormat);
      const out = await renderImage(store, request, config.limits, timing, stats);
      const etag = makeEtag(out.sourceEtag, out.resolved.canonical);
      const headers: Record<string, string> = {
        ...cors,
        'Content-Type': out.contentType,
        Link: linkHeaders(target.version, `${service}/${out.resolved.canonical}`),
        ETag: etag,
        'Cache-Control': `public, max-age=${config.cacheMaxAge}`,
        'Server-Timing': timing.header(out.path, [r2Entry(stats)]),
      };
      if (notModified(c.req.header('If-None-Match') ?? null, etag)) return finish(c, null, 304, headers);
      return finish(c, out.body, 200, headers);
    }

    return errorResponse(new Error(`unhandled IIIF target ${target.kind}`), cors);
  } catch (err) {
    return errorResponse(err, cors);
  }
}
