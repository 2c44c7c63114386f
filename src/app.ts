/**
 * Hono routes, thin: parse, call a service, map the result to HTTP. No image logic here.
 */
import { Hono } from 'hono';
import type { Config } from './config';
import type { Env } from './env';
import { NotFound } from './errors';
import { errorResponse } from './http/error-response';
import { openCors, preflightHeaders } from './http/headers';
import { handleIiif } from './http/iiif-routes';
import { handleManifest, handleViewer } from './http/other-routes';
import type { ImageStore } from './service/image-store';

export interface AppDeps {
  readonly config: Config;
  readonly store: ImageStore;
  readonly bucket: R2Bucket;
}

export function createApp(deps: AppDeps): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/viewer/*', (c) => handleViewer(c, deps));
  app.on(['GET', 'HEAD'], '/iiif/manifest/*', (c) => handleManifest(c, deps));
  app.on(['GET', 'HEAD'], '/iiif/*', (c) => handleIiif(c, deps));

  app.options('*', (c) => new Response(null, { status: 204, headers: preflightHeaders(c.req.header('Access-Control-Request-Headers') ?? null) }));

  app.notFound(() => errorResponse(new NotFound('no such route'), openCors()));
  app.onError((err) => errorResponse(err, openCors()));
  return app;
}
