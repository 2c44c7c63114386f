/**
 * Which objects a listing may name to the person asking: the same rule as their manifests (docs/CATALOGUE.md,
 * "Access"). An object is hidden when the policy of its identifier (longest COLLECTIONS prefix, else the default)
 * is restricted without `"records":"open"` and this identity is not allowed. Listings filter hidden objects out
 * before counting or splitting, so neither names nor counts nor range bounds reveal them.
 */
import { decide, type AuthConfig, type Identity, type Policy } from '../auth';

/** Prefix rules, longest prefix first, then the default: the first matching prefix decides. */
export interface Visibility {
  readonly rules: readonly { readonly prefix: string; readonly visible: boolean }[];
  readonly defaultVisible: boolean;
}

export const EVERYTHING: Visibility = Object.freeze({ rules: Object.freeze([]), defaultVisible: true });

/** Whether a manifest of an object under this policy may be shown to this identity. */
export function recordVisible(policy: Policy, identity: Identity | null): boolean {
  if (policy.kind === 'restricted' && policy.records === 'open') return true;
  return !('deny' in decide(policy, identity));
}

/** Whether any policy could hide a record from someone (then listings depend on who asks). */
export function anyHidden(auth: Pick<AuthConfig, 'collections' | 'defaultPolicy'>): boolean {
  return [auth.defaultPolicy, ...auth.collections].some((p) => p.kind === 'restricted' && p.records !== 'open');
}

export function visibilityFor(auth: Pick<AuthConfig, 'collections' | 'defaultPolicy'>, identity: Identity | null): Visibility {
  const defaultVisible = recordVisible(auth.defaultPolicy, identity);
  const rules = auth.collections.map((p) => ({ prefix: p.collection, visible: recordVisible(p, identity) }));
  // Nothing hidden: no filter at all (the common case costs nothing).
  if (defaultVisible && rules.every((r) => r.visible)) return EVERYTHING;
  return Object.freeze({ rules: Object.freeze(rules), defaultVisible });
}

/** The rule applied in JavaScript (MemoryCatalog, and checks on single identifiers). */
export function isVisible(v: Visibility, id: string): boolean {
  return v.rules.find((r) => id.startsWith(r.prefix))?.visible ?? v.defaultVisible;
}
