/**
 * End-to-end tier: tests in Node against the Worker running under `wrangler dev` (real workerd, local R2
 * store), with sharp as the independent pixel reference and Debian's Chromium (playwright-core) as the
 * browser. Each file starts its own server on its own port; files run one at a time to keep the 2-core
 * machine's timings sane.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
