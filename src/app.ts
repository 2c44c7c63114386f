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
import { RECORD_KEY, RequestRecord } from './http/request-log';

export interface AppDeps extends IiifDeps {
  readonly bucket: R2Bucket;
}

type AppEnv = { Bindings: Env; Variables: { [RECORD_KEY]: RequestRecord } };

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Operators' log (src/http/request-log.ts): one JSON line per request once its response is ready.
  app.use('*', async (c, next) => {
    const record = new RequestRecord(c.req.raw);
    c.set(RECORD_KEY, record);
    await next();
    if (deps.config.logRequests) console.log(JSON.stringify(record.line(c.res.status)));
  });

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

  app.notFound((c) => {
    const err = new NotFound('no such route');
    c.get(RECORD_KEY).fail(err);
    return errorResponse(err, openCors());
  });
  app.onError((err, c) => {
    c.get(RECORD_KEY)?.fail(err);
    return errorResponse(err, openCors());
  });
  return app;
}
