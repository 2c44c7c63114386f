/** Applies migrations/ to the test file's fresh local D1 (the catalogue), as `wrangler d1 migrations apply` does. */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.CATALOG, env.TEST_MIGRATIONS);
