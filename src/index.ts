/**
 * Worker entry and composition root: bindings → config → services → app. Nothing else reads env. The
 * config and app are built once per isolate (and again only if the env object changes, as in tests);
 * the pyramid cache lives as long as the isolate.
 */
import { createApp } from './app';
import { loadConfig, type Vars } from './config';
import type { Env } from './env';
import { ImageStore } from './service/image-store';
import { PyramidCache } from './tiff/pyramid-cache';

const pyramids = new PyramidCache();
let built: { env: Env; app: ReturnType<typeof createApp> } | undefined;

function appFor(env: Env): ReturnType<typeof createApp> {
  if (built === undefined || built.env !== env) {
    const config = loadConfig(env as unknown as Vars);
    const store = new ImageStore(env.IMAGES, config, pyramids);
    built = { env, app: createApp({ config, store, bucket: env.IMAGES }) };
  }
  return built.app;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
