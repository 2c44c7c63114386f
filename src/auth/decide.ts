/**
 * The access decision for one request, pure: policy × identity → a tier or a denial; then, for the
 * capped tier, whether the requested scale is within the cap. Routes turn denials into typed errors
 * with `denialError` and must make this decision before any cache lookup (docs/ARCHITECTURE.md §3 step 2).
 */
import { Forbidden, Unauthorized, type HttpError } from '../errors';
import { isAllowed } from './policy';
import type { Decision, Identity, Policy, Tier } from './types';

export function decide(policy: Policy, identity: Identity | null): Decision {
  switch (policy.kind) {
    case 'open':
      return { tier: 'open' };
    case 'restricted':
      if (identity === null) return { deny: 401, reason: 'this image is restricted: sign in to view it' };
      return isAllowed(policy.allow, identity)
        ? { tier: 'full' }
        : { deny: 403, reason: `this image is restricted and ${identity.email} is not among those allowed to view it` };
    case 'tiered':
      return identity !== null && isAllowed(policy.allow, identity)
        ? { tier: 'full' }
        : { tier: 'capped', maxSize: policy.maxSize };
  }
}

/**
 * The capped service `{base}/iiif/{v}/{id}/capped` exists only for tiered collections and is served to
 * everyone at the capped tier; for any other policy it does not exist (null → 404).
 */
export function cappedServiceDecision(policy: Policy): Decision | null {
  return policy.kind === 'tiered' ? { tier: 'capped', maxSize: policy.maxSize } : null;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * For the capped tier: a request is served only if its scale (output px per full-resolution px) is at
 * most `maxSize / long side`. Each output dimension may round up to the next whole pixel, as the
 * Image API's size arithmetic and the pyramid's `ceil(W/2^k)` levels do; that never reaches full
 * resolution. Other decisions pass through unchanged.
 *
 * @param image  full-resolution size of the image
 * @param region requested region in full-resolution pixels (already clipped)
 * @param output output size before rotation
 */
export function enforceCap(decision: Decision, image: Size, region: Size, output: Size): Decision {
  if (!('tier' in decision) || decision.tier !== 'capped') return decision;
  const scale = decision.maxSize / Math.max(image.width, image.height);
  if (scale >= 1) return decision;
  const okW = output.width <= Math.ceil(region.width * scale - 1e-9);
  const okH = output.height <= Math.ceil(region.height * scale - 1e-9);
  if (okW && okH) return decision;
  return {
    deny: 403,
    reason:
      `without sign-in this image is available up to ${decision.maxSize} px on the long side ` +
      `(scale ${scale.toFixed(6)}); this request asks for more`,
  };
}

/** The typed error for a denial (401 Unauthorized, 403 Forbidden), carrying the reason. */
export function denialError(decision: { readonly deny: 401 | 403; readonly reason: string }): HttpError {
  return decision.deny === 401 ? new Unauthorized(decision.reason) : new Forbidden(decision.reason);
}

/** The tier of a served decision, for cache keys and ETags; null for a denial. */
export function tierOf(decision: Decision): Tier | null {
  return 'tier' in decision ? decision.tier : null;
}

/**
 * Cache-Control for a response: open collections are shareable; anything from a restricted or tiered
 * collection depends on who asks, so no shared or browser cache may keep it.
 */
export function cacheControlFor(policy: Policy, maxAgeSeconds: number): string {
  return policy.kind === 'open' ? `public, max-age=${maxAgeSeconds}` : 'private, no-store';
}
