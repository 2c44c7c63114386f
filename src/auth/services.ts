/**
 * Service descriptions advertising the auth services in info.json and manifests: IIIF Auth 2.0 (§2.1
 * probe → access → token + logout) and, for viewers that only speak it (Mirador), Auth 1.0 (§2.1 cookie
 * service → token + logout). Pure builders over the public base URL.
 *
 * URLs: probe `{base}/iiif/3/{id}/probe`; access `{base}/auth/login` (the only path behind Cloudflare
 * Access); token `{base}/auth/token` (2.0) and `{base}/auth/token1` (1.0: different message shape);
 * logout `{base}/auth/logout`; the capped tier of a tiered image `{base}/iiif/{v}/{id}/capped`.
 */
import type { Policy } from './types';

export const AUTH2_CONTEXT = 'http://iiif.io/api/auth/2/context.json';
export const AUTH1_CONTEXT = 'http://iiif.io/api/auth/1/context.json';
export const IMAGE3_CONTEXT = 'http://iiif.io/api/image/3/context.json';
export const PRESENTATION3_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';

/** Auth 2.0 §2.1: the auth context comes first, before the Image API context. */
export const AUTH_IMAGE3_CONTEXT: readonly string[] = Object.freeze([AUTH2_CONTEXT, IMAGE3_CONTEXT]);
export const AUTH_PRESENTATION3_CONTEXT: readonly string[] = Object.freeze([AUTH2_CONTEXT, PRESENTATION3_CONTEXT]);

/** Which service of an image: the main one (full resolution) or the capped tier of a tiered image. */
export type ServiceVariant = 'main' | 'capped';

type Json = Record<string, unknown>;
const en = (text: string): Json => ({ en: [text] });

/** Identifiers may contain `/` (folders); in a URL path they travel as one encoded segment. */
export function encodeId(id: string): string {
  return encodeURIComponent(id);
}

export function imageServiceUrl(base: string, version: 2 | 3, id: string, variant: ServiceVariant = 'main'): string {
  return `${base}/iiif/${version}/${encodeId(id)}${variant === 'capped' ? '/capped' : ''}`;
}

export function authUrls(base: string, id: string) {
  return {
    probe: `${imageServiceUrl(base, 3, id)}/probe`,
    login: `${base}/auth/login`,
    token: `${base}/auth/token`,
    token1: `${base}/auth/token1`,
    logout: `${base}/auth/logout`,
  };
}

function institutionOf(base: string, institution?: string | null): string {
  if (institution) return institution;
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}

function texts(policy: Policy, inst: string) {
  const tiered = policy.kind === 'tiered';
  return {
    login: `Log in to ${inst}`,
    logout: `Log out of ${inst}`,
    heading: tiered ? 'Sign in to see this image at full resolution' : 'Sign in to see this image',
    note: tiered
      ? `Without signing in, ${inst} shows this image up to ${policy.maxSize} pixels on its long side.`
      : `${inst} shows this image only to people it has authorised. Sign in with your organisation's account.`,
    confirm: 'Sign in',
    errorHeading: 'Not available',
    errorNote: 'Your account does not give access to this image, or the sign-in did not complete.',
  };
}

/**
 * Image API 3.0 info.json `service` entries for Auth 2.0 (the probe with its access, token and logout
 * services). Empty for open images and for the capped tier (which everyone may see).
 */
export function authServices3(
  base: string,
  id: string,
  policy: Policy,
  variant: ServiceVariant = 'main',
  institution?: string | null,
): Json[] {
  if (policy.kind === 'open' || variant === 'capped') return [];
  const u = authUrls(base, id);
  const t = texts(policy, institutionOf(base, institution));
  return [
    {
      id: u.probe,
      type: 'AuthProbeService2',
      errorHeading: en(t.errorHeading),
      errorNote: en(t.errorNote),
      service: [
        {
          id: u.login,
          type: 'AuthAccessService2',
          profile: 'active',
          label: en(t.login),
          heading: en(t.heading),
          note: en(t.note),
          confirmLabel: en(t.confirm),
          service: [
            {
              id: u.token,
              type: 'AuthAccessTokenService2',
              errorHeading: en(t.errorHeading),
              errorNote: en(t.errorNote),
            },
            { id: u.logout, type: 'AuthLogoutService2', label: en(t.logout) },
          ],
        },
      ],
    },
  ];
}

/**
 * Auth 1.0 cookie service (login pattern, §2.1.3) with its token and logout services, in the form of
 * the document it goes into: Image API 2.1 (`@context` + `@id` + profile) or a 3.0 document (`@id` +
 * `@type` AuthCookieService1…, Presentation 3.0 §3.3.1 for older services). The capped tier carries it
 * too, so an Auth 1.0 client redirected there (Auth 1.0 §3.2) can still offer to sign in.
 */
export function authServices1(
  base: string,
  id: string,
  policy: Policy,
  version: 2 | 3 = 2,
  institution?: string | null,
): Json[] {
  if (policy.kind === 'open') return [];
  const u = authUrls(base, id);
  const t = texts(policy, institutionOf(base, institution));
  const typed = (type: string): Json => (version === 3 ? { '@type': type } : {});
  return [
    {
      ...(version === 2 ? { '@context': AUTH1_CONTEXT } : {}),
      '@id': u.login,
      ...typed('AuthCookieService1'),
      profile: 'http://iiif.io/api/auth/1/login',
      label: t.login,
      header: t.heading,
      description: t.note,
      confirmLabel: t.confirm,
      failureHeader: t.errorHeading,
      failureDescription: t.errorNote,
      service: [
        { '@id': u.token1, ...typed('AuthTokenService1'), profile: 'http://iiif.io/api/auth/1/token' },
        {
          '@id': u.logout,
          ...typed('AuthLogoutService1'),
          profile: 'http://iiif.io/api/auth/1/logout',
          label: t.logout,
        },
      ],
    },
  ];
}

/** The `@context` of an Image API 3.0 info.json: the auth context first when it embeds Auth 2.0 services. */
export function infoContext3(policy: Policy, variant: ServiceVariant = 'main'): string | readonly string[] {
  return authServices3('https://x', 'x', policy, variant).length > 0 ? AUTH_IMAGE3_CONTEXT : IMAGE3_CONTEXT;
}

/** Everything auth adds to an info.json `service` array, for either Image API version. */
export function infoAuthServices(
  version: 2 | 3,
  base: string,
  id: string,
  policy: Policy,
  variant: ServiceVariant = 'main',
  institution?: string | null,
): Json[] {
  if (version === 2) return authServices1(base, id, policy, 2, institution);
  return [...authServices3(base, id, policy, variant, institution), ...authServices1(base, id, policy, 3, institution)];
}

/**
 * Entries for the `service` array of a manifest's image body (Auth 2.0 §2.1: the probe MAY also be
 * declared in the manifest), next to its ImageService3 reference. Use AUTH_PRESENTATION3_CONTEXT as the
 * manifest's `@context` when any image has them.
 */
export function manifestAuthServices(base: string, id: string, policy: Policy, institution?: string | null): Json[] {
  return [...authServices3(base, id, policy, 'main', institution), ...authServices1(base, id, policy, 3, institution)];
}
