/**
 * The route table, thin: parse, decide access, call a service, map the result to HTTP. No image logic here.
 * Order matters and is visible here: read-only methods and preflights are answered first; each family of
 * routes parses its target and decides access in a middleware before its small handlers run; the error
 * handler answers with the CORS headers that middleware chose (docs/ACCESS.md).
 */
import { Hono } from 'hono';
import { authRoutes, corsPreflight } from './auth';
import { MethodNotAllowed, NotFound } from './errors';
import { errorResponse } from './http/error-response';
import { openCors } from './http/headers';
import type { AppEnv } from './http/context';
import { iiifRoutes } from './http/iiif-routes';
import { handleViewer } from './http/other-routes';
import { presentationRoutes, type PresentationDeps } from './http/presentation-routes';
import { RECORD_KEY, RequestRecord } from './http/request-log';

export type AppDeps = PresentationDeps;

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

  // RFC 9110 §15.5.6: other methods on a IIIF resource are 405 with the methods it allows.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/iiif/*', () =>
    errorResponse(new MethodNotAllowed('IIIF resources are read-only: use GET or HEAD'), { ...openCors(), Allow: 'GET, HEAD, OPTIONS' }),
  );

  // CORS preflight (Fetch standard): configured viewer origins are reflected with credentials (the probe
  // is called with Authorization); everyone else gets `*`.
  app.options('*', (c) => new Response(null, { status: 204, headers: corsPreflight(c.req.header('Origin') ?? null, deps.auth) }));

  app.route('/', authRoutes(deps.auth));
  app.get('/viewer/*', (c) => handleViewer(c, deps));
  presentationRoutes(app, deps);
  iiifRoutes(app, deps);

  app.notFound((c) => {
    const err = new NotFound('no such route');
    c.get(RECORD_KEY).fail(err);
    return errorResponse(err, openCors());
  });
  // Typed errors → HTTP in one place, with the CORS headers the access middleware chose for this request.
  app.onError((err, c) => {
    c.get(RECORD_KEY)?.fail(err);
    return errorResponse(err, c.var.cors ?? openCors(), c.var.errorBody ?? 'text');
  });
  return app;
}
