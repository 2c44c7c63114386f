/**
 * Two test tiers (DESIGN §7): `unit` runs pure code under Node; `worker` runs the Worker end to end inside
 * workerd with a real (local) R2 binding through @cloudflare/vitest-pool-workers. Browser tests live in
 * test/e2e and run from their own config (vitest.e2e.config.ts) because they need a running server.
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            // Each test file gets a fresh local D1; test/worker/setup-d1.ts applies migrations/ to it.
            miniflare: { bindings: { LOG_REQUESTS: 'false', TEST_MIGRATIONS: await readD1Migrations('./migrations') } },
          }),
        ],
        // Lets tests import committed pyramid fixtures as `...tif?inline` (base64 data URL).
        assetsInclude: ['**/*.tif'],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['./test/worker/setup-d1.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
