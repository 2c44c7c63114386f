/** Types for `cloudflare:workers` in tests: the Worker's env and its default export. */
import type { Env as WorkerEnv } from '../../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** migrations/ read by vitest.config.ts, applied by setup-d1.ts. */
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import('../../src/index');
    }
    interface Exports {
      default: Fetcher;
    }
  }
}
export {};
