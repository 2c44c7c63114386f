/**
 * Hono routes, thin: parse, call a service, map the result to HTTP. No image logic here.
 */
import { Hono } from 'hono';
import { authRoutes, corsPreflight } from './auth';
import type { Env } from './env';
import { MethodNotAllowed, NotFound } from './errors';
import { errorResponse } from './http/error-response';
import { openCors } from './http/headers';
import { handleIiif, type IiifDeps } from './http/iiif-routes';
import { handleManifest, handleViewer } from './http/other-routes';

export interface AppDeps extends IiifDeps {
  readonly bucket: R2Bucket;
}

export function createApp(deps: AppDeps): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.route('/', authRoutes(deps.auth));
  app.get('/viewer/*', (c) => handleViewer(c, deps));
  app.on(['GET', 'HEAD'], '/iiif/manifest/*', (c) => handleManifest(c, deps));
  app.on(['GET', 'HEAD'], '/iiif/*', (c) => handleIiif(c, deps));

  // RFC 9110 §15.5.6: other methods on a IIIF resource are 405 with the methods it allows.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/iiif/*', () =>
    errorResponse(new MethodNotAllowed('IIIF resources are read-only: use GET or HEAD'), { ...openCors(), Allow: 'GET, HEAD, OPTIONS' }),
  );

  // CORS preflight (Fetch standard): configured viewer origins are reflected with credentials (the probe
  // is called with Authorization); everyone else gets `*`.
  app.options('*', (c) => new Response(null, { status: 204, headers: corsPreflight(c.req.header('Origin') ?? null, deps.auth) }));

  app.notFound(() => errorResponse(new NotFound('no such route'), openCors()));
  app.onError((err) => errorResponse(err, openCors()));
  return app;
}
