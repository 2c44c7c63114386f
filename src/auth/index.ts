/**
 * Access control for restricted collections (docs/ARCHITECTURE.md §4): configuration, identity, decisions, CORS and
 * cache headers, the IIIF Auth 2.0/1.0 service descriptions and routes. See docs/ACCESS.md for how the
 * image routes use these, in order.
 */
export type { AccessSettings, Allow, AuthConfig, Decision, Identity, Policy, PolicyKind, Tier } from './types';
export { loadAuthConfig, normaliseTeamDomain, parseOrigins } from './config';
export { parseCollections } from './collections';
export { isAllowed, policyFor } from './policy';
export { cacheControlFor, cappedServiceDecision, decide, denialError, enforceCap, tierOf, type Size } from './decide';
export { cappedLevel } from './capped';
export { corsHeaders, corsPreflight, type CorsScope } from './cors';
export { ACCESS_COOKIE, ACCESS_HEADER, checkAccess, identify, readBearer, readCookie } from './identify';
export { verifyAccessJwt, CredentialRejected, CLOCK_TOLERANCE_S } from './access-jwt';
export { createInlineKeySet, createRemoteKeySet, keyResolverFor, type KeyResolver } from './jwks';
export { issueViewerToken, verifyViewerToken, TOKEN_TTL_S } from './viewer-token';
export {
  AUTH1_CONTEXT,
  AUTH2_CONTEXT,
  AUTH_IMAGE3_CONTEXT,
  AUTH_PRESENTATION3_CONTEXT,
  authServices1,
  authServices3,
  authUrls,
  encodeId,
  imageServiceUrl,
  infoAuthServices,
  infoContext3,
  manifestAuthServices,
  type ServiceVariant,
} from './services';
export { infoStatus, probeResult, type InfoStatus, type ProbeResult } from './probe';
export { authRoutes, type AuthRouteOptions } from './routes';
