/**
 * Access-control values: collection policies, the verified identity, the decision for one request and
 * the parsed auth configuration. Plain immutable data; the functions live in the sibling modules.
 */
import type { JSONWebKeySet } from 'jose';

/** Who may see a collection: exact emails, email domains, or Access groups (any match is enough). */
export interface Allow {
  readonly emails: readonly string[];
  readonly domains: readonly string[];
  readonly groups: readonly string[];
}

/**
 * A collection's policy. `collection` is the configured prefix (`private/`) or `default`.
 * - open: everyone;
 * - restricted: only allowed identities;
 * - tiered: everyone up to `maxSize` px on the long side, allowed identities everything.
 * `records: 'open'` (restricted only) publishes the catalogue records of its objects: manifests and listings
 * are public, the images stay restricted (docs/CATALOGUE.md, "Access").
 */
export type Policy =
  | { readonly kind: 'open'; readonly collection: string }
  | { readonly kind: 'restricted'; readonly collection: string; readonly allow: Allow; readonly records?: 'open' }
  | { readonly kind: 'tiered'; readonly collection: string; readonly maxSize: number; readonly allow: Allow };

export type PolicyKind = Policy['kind'];

/** A verified person: from the Cloudflare Access JWT, or from a token this Worker minted for a viewer. */
export interface Identity {
  /** Lower-cased email address. */
  readonly email: string;
  readonly groups: readonly string[];
  readonly source: 'access' | 'token';
  /** When the credential it came from expires (seconds since the epoch), if known. */
  readonly expiresAt?: number;
}

/**
 * The access tier a response is served at. It is part of every internal cache key, so content made for
 * one tier is never served to another: `open` (open collection), `full` (an allowed identity), `capped`
 * (the public tier of a tiered collection).
 */
export type Tier = 'open' | 'full' | 'capped';

/** What one request may get (IIIF Auth 2.0 §5.2 status semantics: 401 = sign in may help, 403 = it will not). */
export type Decision =
  | { readonly tier: 'open' }
  | { readonly tier: 'full' }
  | { readonly tier: 'capped'; readonly maxSize: number }
  | { readonly deny: 401 | 403; readonly reason: string };

/** Where the public keys of the Access team come from. */
export type AccessKeys =
  | { readonly kind: 'inline'; readonly jwks: JSONWebKeySet }
  | { readonly kind: 'remote'; readonly url: string };

export interface AccessSettings {
  /** `https://<team>.cloudflareaccess.com`, no trailing slash; also the expected `iss`. */
  readonly teamDomain: string;
  /** The Access application's AUD tag; `aud` must contain it. */
  readonly audience: string;
  readonly keys: AccessKeys;
}

export interface AuthConfig {
  /** Policy for identifiers that match no prefix. */
  readonly defaultPolicy: Policy;
  /** Prefixed policies, longest prefix first (so the first match is the longest). */
  readonly collections: readonly Policy[];
  /** Null when ACCESS_TEAM_DOMAIN is unset: then nobody has an identity (only open collections make sense). */
  readonly access: AccessSettings | null;
  /** HS256 key for the tokens this Worker gives viewers (IIIF Auth 2.0 §4); null when TOKEN_SECRET is unset. */
  readonly tokenSecret: Uint8Array | null;
  /** Viewer origins (`https://viewer.example.org`) that may receive tokens and credentialed CORS. */
  readonly viewerOrigins: readonly string[];
  /** Institution named in login/logout labels (Auth 2.0 §3.3.1 label MUST name it); null = the host. */
  readonly institution: string | null;
}
