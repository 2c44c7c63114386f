/** Types for `cloudflare:workers` in tests: the Worker's env and its default export. */
import type { Env as WorkerEnv } from '../../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import('../../src/index');
    }
    interface Exports {
      default: Fetcher;
    }
  }
}
export {};
