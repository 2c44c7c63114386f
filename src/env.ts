/** The Worker's bindings and variables as wrangler passes them (see wrangler.toml). Only config.ts reads them. */
export interface Env {
  IMAGES: R2Bucket;
  /** The catalogue (migrations/, docs/CATALOGUE.md): only manifests, collections and search read it. */
  CATALOG: D1Database;
  PUBLIC_BASE_URL?: string;
  KEY_TEMPLATE?: string;
  MAX_WIDTH?: string;
  MAX_HEIGHT?: string;
  MAX_AREA?: string;
  CACHE_MAX_AGE?: string;
  REVALIDATE_SECONDS?: string;
  COLLECTIONS?: string;
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  ACCESS_JWKS?: string;
  TOKEN_SECRET?: string;
  VIEWER_ORIGINS?: string;
  LOG_REQUESTS?: string;
  R2_TIMEOUT_MS?: string;
  CATALOG_TIMEOUT_MS?: string;
  COLLECTION_PAGE_SIZE?: string;
}
