/**
 * loadAuthConfig: the auth-related variables, parsed once at start (docs/ARCHITECTURE.md §6). COLLECTIONS,
 * ACCESS_TEAM_DOMAIN, ACCESS_AUD, ACCESS_JWKS, TOKEN_SECRET, VIEWER_ORIGINS and the optional
 * AUTH_INSTITUTION. Invalid settings throw ConfigError with the variable's name and the reason.
 */
import type { JSONWebKeySet } from 'jose';
import { ConfigError } from '../config';
import { parseCollections } from './collections';
import type { AccessKeys, AccessSettings, AuthConfig } from './types';

/** The made-up Access team of local development (.dev.vars.example, scripts/dev-token.ts). */
export const DEV_TEAM_DOMAIN = 'https://iiif-edge-dev.cloudflareaccess.com';
const DEV_KID_PREFIX = 'iiif-edge-dev';

type Vars = Readonly<Record<string, unknown>>;

/**
 * A text variable. Wrangler also passes JSON values from [vars] (a TOML table, list or number); those are
 * refused by name rather than taken as unset, because an ignored setting could leave collections open.
 */
function str(vars: Vars, name: string): string | undefined {
  const v = vars[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    throw new ConfigError(`${name} must be a string, not a JSON ${Array.isArray(v) ? 'list' : typeof v} value`);
  }
  return v.trim() === '' ? undefined : v.trim();
}

/** A variable that holds JSON: a string of JSON, or the JSON value itself (`[vars.COLLECTIONS]` table). */
function jsonText(vars: Vars, name: string): string | undefined {
  const v = vars[name];
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : str(vars, name);
}

/** Comma-separated text, or a JSON list of strings (`VIEWER_ORIGINS = ["https://a", "https://b"]`). */
function listText(vars: Vars, name: string): string | undefined {
  const v = vars[name];
  if (!Array.isArray(v)) return str(vars, name);
  if (!v.every((s): s is string => typeof s === 'string')) throw new ConfigError(`${name} must list strings only`);
  return v.join(',');
}

/** `https://team.cloudflareaccess.com` or a bare host; the result is also the expected `iss` claim. */
export function normaliseTeamDomain(raw: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`ACCESS_TEAM_DOMAIN is not a host or URL: "${raw}"`);
  }
  if (url.protocol !== 'https:') throw new ConfigError(`ACCESS_TEAM_DOMAIN must be https: "${raw}"`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`ACCESS_TEAM_DOMAIN must be only a host (no path, query or credentials): "${raw}"`);
  }
  return url.origin;
}

/**
 * An inline JWKS (local development and tests): RSA public keys only. A key with private members is
 * refused, because a private key in a variable is one deploy away from being public.
 */
function parseJwks(raw: string): JSONWebKeySet {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('ACCESS_JWKS is not valid JSON');
  }
  const keys = (json as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError('ACCESS_JWKS must be {"keys":[…]} with keys');
  keys.forEach((k: unknown, i) => {
    const key = k as Record<string, unknown>;
    if (typeof k !== 'object' || k === null || key['kty'] !== 'RSA' || typeof key['n'] !== 'string') {
      throw new ConfigError(`ACCESS_JWKS key ${i} is not an RSA public key`);
    }
    if (['d', 'p', 'q', 'dp', 'dq', 'qi'].some((m) => m in key)) {
      throw new ConfigError(`ACCESS_JWKS key ${i} contains private key material; give the public key only`);
    }
  });
  return json as JSONWebKeySet;
}

function accessSettings(vars: Vars): AccessSettings | null {
  const team = str(vars, 'ACCESS_TEAM_DOMAIN');
  const aud = str(vars, 'ACCESS_AUD');
  const jwks = jsonText(vars, 'ACCESS_JWKS');
  if (team === undefined) {
    if (aud !== undefined || jwks !== undefined) {
      throw new ConfigError('ACCESS_AUD/ACCESS_JWKS are set but ACCESS_TEAM_DOMAIN is not');
    }
    return null;
  }
  if (aud === undefined) throw new ConfigError('ACCESS_TEAM_DOMAIN is set but ACCESS_AUD is not');
  const teamDomain = normaliseTeamDomain(team);
  const parsed = jwks === undefined ? undefined : parseJwks(jwks);
  // The development key's private half is committed; refuse it for any team but the made-up dev team.
  if (parsed?.keys.some((k) => String(k.kid ?? '').startsWith(DEV_KID_PREFIX)) && teamDomain !== DEV_TEAM_DOMAIN) {
    throw new ConfigError(`ACCESS_JWKS holds the committed development key; it works only with ${DEV_TEAM_DOMAIN}`);
  }
  const keys: AccessKeys =
    jwks === undefined
      ? { kind: 'remote', url: `${teamDomain}/cdn-cgi/access/certs` }
      : { kind: 'inline', jwks: parsed as JSONWebKeySet };
  return Object.freeze({ teamDomain, audience: aud, keys: Object.freeze(keys) });
}

/** Comma-separated origins; each must be exactly scheme://host[:port]. */
export function parseOrigins(raw: string | undefined): readonly string[] {
  if (raw === undefined) return Object.freeze([]);
  const origins = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        throw new ConfigError(`VIEWER_ORIGINS entry is not an origin: "${s}"`);
      }
      const onlyOrigin = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !onlyOrigin || s.endsWith('/')) {
        throw new ConfigError(`VIEWER_ORIGINS entry must be scheme://host[:port] only: "${s}"`);
      }
      return url.origin;
    });
  return Object.freeze([...new Set(origins)]);
}

const MIN_SECRET_BYTES = 32;

function tokenSecret(raw: string | undefined): Uint8Array | null {
  if (raw === undefined) return null;
  const bytes = new TextEncoder().encode(raw);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(`TOKEN_SECRET must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -hex 32)`);
  }
  return bytes;
}

export function loadAuthConfig(vars: Vars): AuthConfig {
  const { defaultPolicy, collections } = parseCollections(jsonText(vars, 'COLLECTIONS'));
  const access = accessSettings(vars);
  const secret = tokenSecret(str(vars, 'TOKEN_SECRET'));
  const gated = [defaultPolicy, ...collections].filter((p) => p.kind !== 'open');
  if (gated.length > 0) {
    const names = gated.map((p) => p.collection).join(', ');
    if (access === null) {
      throw new ConfigError(`collections ${names} need identities, but ACCESS_TEAM_DOMAIN/ACCESS_AUD are not set`);
    }
    if (secret === null) throw new ConfigError(`collections ${names} need TOKEN_SECRET for the IIIF token service`);
  }
  return Object.freeze({
    defaultPolicy,
    collections,
    access,
    tokenSecret: secret,
    viewerOrigins: parseOrigins(listText(vars, 'VIEWER_ORIGINS')),
    institution: str(vars, 'AUTH_INSTITUTION') ?? null,
  });
}
