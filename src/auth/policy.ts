/**
 * Which policy covers an identifier (longest matching prefix, else the default), and whether an identity
 * is on a policy's allow list.
 */
import type { Allow, AuthConfig, Identity, Policy } from './types';

/** Longest prefix wins: `cfg.collections` is sorted longest first, so the first match is it. */
export function policyFor(id: string, cfg: Pick<AuthConfig, 'collections' | 'defaultPolicy'>): Policy {
  return cfg.collections.find((p) => id.startsWith(p.collection)) ?? cfg.defaultPolicy;
}

/** Emails and domains compare case-insensitively (both sides lower-cased); groups too. */
export function isAllowed(allow: Allow, identity: Identity): boolean {
  const email = identity.email.toLowerCase();
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (allow.emails.includes(email)) return true;
  if (allow.domains.includes(domain)) return true;
  return identity.groups.some((g) => allow.groups.includes(g.toLowerCase()));
}
