/**
 * Hono routes, thin: parse the URL, call a service, map the result to HTTP. No image logic here.
 */
import { Hono } from 'hono';
import type { Config } from './config';
import type { Env } from './env';
import { NotFound } from './errors';
import { errorResponse } from './http/error-response';

export interface AppDeps {
  readonly config: Config;
}

export function createApp(deps: AppDeps): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.notFound(() => errorResponse(new NotFound('no such route')));
  app.onError((err) => errorResponse(err));
  void deps;
  return app;
}
