/**
 * What the token services decide and post: the outcome of a token request (origin allowed? signed in?)
 * and its message in the IIIF Auth 2.0 shape (§4.4 AuthAccessToken2, §4.5 AuthAccessTokenError2) or the
 * Auth 1.0 shape (§2.2.4 {accessToken, expiresIn, messageId}, §2.2.6 {error, description}).
 */
import type { AccessCheck } from './identify';
import { AUTH2_CONTEXT } from './services';
import type { AuthConfig, Identity } from './types';
import type { IssuedToken } from './viewer-token';

/** Auth 2.0 §4.5 error profiles. */
export type TokenProblem =
  | 'invalidRequest'
  | 'invalidOrigin'
  | 'missingAspect'
  | 'invalidAspect'
  | 'expiredAspect'
  | 'unavailable';

export type TokenOutcome =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly problem: TokenProblem };

/** `https://viewer.example.org` (a trailing slash, as in the Auth 1.0 examples, is tolerated). */
export function parseOrigin(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Tokens go only to configured viewer origins and to pages of this service itself. */
export function originAllowed(origin: string, requestUrl: string, cfg: AuthConfig): boolean {
  return cfg.viewerOrigins.includes(origin) || new URL(requestUrl).origin === origin;
}

/** The checks in order: well-formed request, allowed origin, configured secret, then the sign-in. */
export async function tokenOutcome(
  origin: string | null,
  messageId: string | undefined,
  requestUrl: string,
  cfg: AuthConfig,
  access: () => Promise<AccessCheck>,
): Promise<TokenOutcome> {
  if (origin === null || messageId === undefined) return { ok: false, problem: 'invalidRequest' };
  if (!originAllowed(origin, requestUrl, cfg)) return { ok: false, problem: 'invalidOrigin' };
  if (cfg.tokenSecret === null) return { ok: false, problem: 'unavailable' };
  const check = await access();
  if (check.identity !== null) return { ok: true, identity: check.identity };
  return { ok: false, problem: `${check.problem}Aspect` };
}

export const PROBLEM_TEXT: Readonly<Record<TokenProblem, string>> = {
  invalidRequest: 'The token request was malformed (origin and messageId are required).',
  invalidOrigin: 'This viewer is not one this image service gives tokens to.',
  missingAspect: 'You are not signed in.',
  invalidAspect: 'Your sign-in could not be verified.',
  expiredAspect: 'Your sign-in has expired; sign in again.',
  unavailable: 'The token service is not configured.',
};

/** Auth 1.0 §2.2.6 error types for the 2.0 problems. */
export const PROBLEM_1: Readonly<Record<TokenProblem, string>> = {
  invalidRequest: 'invalidRequest',
  invalidOrigin: 'invalidOrigin',
  missingAspect: 'missingCredentials',
  invalidAspect: 'invalidCredentials',
  expiredAspect: 'invalidCredentials',
  unavailable: 'unavailable',
};

export function tokenMessage2(messageId: string, issued: IssuedToken): Record<string, unknown> {
  return { '@context': AUTH2_CONTEXT, type: 'AuthAccessToken2', messageId, ...issued };
}

export function errorMessage2(messageId: string, problem: TokenProblem): Record<string, unknown> {
  return {
    '@context': AUTH2_CONTEXT,
    type: 'AuthAccessTokenError2',
    profile: problem,
    messageId,
    heading: { en: ['No access token'] },
    note: { en: [PROBLEM_TEXT[problem]] },
  };
}

export function tokenMessage1(messageId: string, issued: IssuedToken): Record<string, unknown> {
  return { ...issued, messageId };
}

export function errorMessage1(messageId: string, problem: TokenProblem): Record<string, unknown> {
  return { error: PROBLEM_1[problem], description: PROBLEM_TEXT[problem], messageId };
}
