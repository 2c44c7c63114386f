/**
 * Worker entry and composition root: bindings → config → services → app. Nothing else reads env. The
 * config and app are built once per isolate (and again only if the env object changes, as in tests); a
 * configuration error stops the Worker at start-up with a message naming the setting. The pyramid cache
 * lives as long as the isolate.
 */
import { env as startEnv } from 'cloudflare:workers';
import { createApp } from './app';
import { loadAuthConfig } from './auth';
import { CacheApiStore, NO_DERIVATIVE_STORE } from './cache/derivative-cache';
import { D1Catalog } from './catalog/d1-catalog';
import { guardCatalog } from './catalog/guard';
import { loadConfig, type Vars } from './config';
import type { Env } from './env';
import { CacheApiIndexStore, ImageStore, NO_INDEX_STORE } from './service/image-store';
import { resilientBucket } from './source/resilient-bucket';
import { PyramidCache } from './tiff/pyramid-cache';

const pyramids = new PyramidCache();
let built: { env: Env; app: ReturnType<typeof createApp> } | undefined;

function appFor(env: Env): ReturnType<typeof createApp> {
  if (built === undefined || built.env !== env) {
    const vars = env as unknown as Vars;
    const config = loadConfig(vars);
    const auth = loadAuthConfig(vars);
    const hasCache = typeof caches !== 'undefined';
    const store = new ImageStore(resilientBucket(env.IMAGES, config.storageTimeoutMs), config, pyramids, { indexStore: hasCache ? new CacheApiIndexStore() : NO_INDEX_STORE });
    const { maxWidth, maxHeight, maxArea } = config.limits;
    built = {
      env,
      app: createApp({
        config,
        auth,
        store,
        bucket: env.IMAGES,
        derivatives: hasCache ? new CacheApiStore() : NO_DERIVATIVE_STORE,
        cacheSalt: `${maxWidth}x${maxHeight}a${maxArea}`,
        // One D1 session per request (src/catalog/d1-catalog.ts), behind the timeout guard.
        catalog: (e) => guardCatalog(D1Catalog.session(e.CATALOG), config.catalogTimeoutMs),
      }),
    };
  }
  return built.app;
}

// Invalid configuration stops the Worker at start-up (wrangler dev and deploy report the message), not
// at its first request.
appFor(startEnv as unknown as Env);

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    let app: ReturnType<typeof createApp>;
    try {
      app = appFor(env);
    } catch (err) {
      // Only reachable with an env other than the one checked at start-up (tests, reconfiguration).
      const message = err instanceof Error ? err.message : String(err);
      console.error(message);
      return new Response(`${message}\n`, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    }
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
