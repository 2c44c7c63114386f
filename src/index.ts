/**
 * Worker entry and composition root: bindings → config → app. Nothing else reads env. The config and
 * app are built once per isolate (and again only if the env object changes, as in tests).
 */
import { createApp } from './app';
import { loadConfig, type Vars } from './config';
import type { Env } from './env';

let built: { env: Env; app: ReturnType<typeof createApp> } | undefined;

function appFor(env: Env): ReturnType<typeof createApp> {
  if (built === undefined || built.env !== env) {
    built = { env, app: createApp({ config: loadConfig(env as unknown as Vars) }) };
  }
  return built.app;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
