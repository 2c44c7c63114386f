/**
 * The IIIF Auth 2.0 probe result (§5.2) and the Auth 1.0 status of info.json (§3). Both are pure
 * functions of the policy, the identity and the public base URL; the routes send them.
 */
import { decide } from './decide';
import { AUTH2_CONTEXT, imageServiceUrl } from './services';
import type { Decision, Identity, Policy } from './types';

export interface ProbeResult {
  readonly '@context': string;
  readonly type: 'AuthProbeResult2';
  readonly status: number;
  readonly substitute?: readonly Record<string, unknown>[];
  readonly heading?: Record<string, string[]>;
  readonly note?: Record<string, string[]>;
}

/**
 * What a request for the image service would get. The probe itself is always answered 200 (§5.2).
 * Tiered images that are not fully available name the capped tier as `substitute`; status is 401 for an
 * anonymous caller (signing in may help) and 403 for a known identity that is not allowed.
 */
export function probeResult(base: string, id: string, policy: Policy, identity: Identity | null): ProbeResult {
  const decision = decide(policy, identity);
  const head = { '@context': AUTH2_CONTEXT, type: 'AuthProbeResult2' } as const;
  if ('deny' in decision) {
    return {
      ...head,
      status: decision.deny,
      heading: { en: [decision.deny === 401 ? 'Sign in required' : 'Not available to your account'] },
      note: { en: [decision.reason] },
    };
  }
  if (decision.tier !== 'capped') return { ...head, status: 200 };
  return {
    ...head,
    status: identity === null ? 401 : 403,
    substitute: [
      {
        id: imageServiceUrl(base, 3, id, 'capped'),
        type: 'ImageService3',
        profile: 'level2',
        label: { en: [`Up to ${decision.maxSize} pixels`] },
      },
    ],
    heading: { en: [identity === null ? 'Reduced resolution' : 'Reduced resolution for your account'] },
    note: {
      en: [
        identity === null
          ? `Without signing in this image is shown up to ${decision.maxSize} pixels.`
          : `${identity.email} may see this image up to ${decision.maxSize} pixels.`,
      ],
    },
  };
}

/** How to answer an info.json request of the main service (Auth 1.0 §3.1 all-or-nothing, §3.2 tiers). */
export type InfoStatus =
  | { readonly status: 200 }
  /** Send the complete info.json (with its service descriptions) under this status. */
  | { readonly status: 401 | 403 }
  /** Redirect to the lower tier's info.json. */
  | { readonly status: 302; readonly location: string };

export function infoStatus(decision: Decision, base: string, version: 2 | 3, id: string): InfoStatus {
  if ('deny' in decision) return { status: decision.deny };
  if (decision.tier === 'capped') {
    return { status: 302, location: `${imageServiceUrl(base, version, id, 'capped')}/info.json` };
  }
  return { status: 200 };
}
