/**
 * The IIIF auth services as Hono routes (mount with `app.route('/', authRoutes(cfg))`):
 * - GET  /auth/login   access service (Auth 2.0 §3, profile active; Auth 1.0 §2.1.3 login). The only
 *                      path behind Cloudflare Access: Access signs the user in, then this page confirms
 *                      and closes itself on a click. In local development (inline ACCESS_JWKS) it also
 *                      takes a pasted dev token (POST) and sets the cookie Access would set.
 * - GET  /auth/token   Auth 2.0 token service (§4): HTML that posts AuthAccessToken2 or
 *                      AuthAccessTokenError2 to the viewer origin.
 * - GET  /auth/token1  Auth 1.0 token service (§2.2): the same for 1.0 clients ({accessToken, expiresIn,
 *                      messageId}), or plain JSON without messageId.
 * - GET  /auth/logout  logout (Auth 2.0 §6, 1.0 §2.3): clears the cookie, then Access's own logout.
 */
import { Hono, type Context } from 'hono';
import { rejection, verifyAccessJwt } from './access-jwt';
import { ACCESS_COOKIE, checkAccess, type AccessCheck } from './identify';
import { keyResolverFor, type KeyResolver } from './jwks';
import { notSignedInPage, signedInPage, signedOutPage, tokenPage } from './pages';
import { AUTH2_CONTEXT } from './services';
import type { AuthConfig, Identity } from './types';
import { issueViewerToken } from './viewer-token';

export interface AuthRouteOptions {
  /** Clock for tests (milliseconds since the epoch). */
  readonly now?: () => number;
  /** Key resolver for tests; default: from cfg.access.keys. */
  readonly keys?: KeyResolver;
}

const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

function htmlHeaders(framable: boolean): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': framable ? PAGE_CSP : `${PAGE_CSP}; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
  };
}

/** `https://viewer.example.org` (a trailing slash, as in the Auth 1.0 examples, is tolerated). */
export function parseOrigin(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Tokens go only to configured viewer origins and to pages of this service itself. */
function originAllowed(origin: string, requestUrl: string, cfg: AuthConfig): boolean {
  return cfg.viewerOrigins.includes(origin) || new URL(requestUrl).origin === origin;
}

function institution(cfg: AuthConfig, requestUrl: string): string {
  return cfg.institution ?? new URL(requestUrl).host;
}

type Outcome =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly problem: 'invalidRequest' | 'invalidOrigin' | 'missingAspect' | 'invalidAspect' | 'expiredAspect' | 'unavailable' };

async function tokenOutcome(origin: string | null, requestUrl: string, cfg: AuthConfig, access: () => Promise<AccessCheck>): Promise<Outcome> {
  if (origin === null) return { ok: false, problem: 'invalidRequest' };
  if (!originAllowed(origin, requestUrl, cfg)) return { ok: false, problem: 'invalidOrigin' };
  if (cfg.tokenSecret === null) return { ok: false, problem: 'unavailable' };
  const check = await access();
  if (check.identity !== null) return { ok: true, identity: check.identity };
  return { ok: false, problem: `${check.problem}Aspect` as const };
}

const ERROR_TEXT: Record<string, string> = {
  invalidRequest: 'The token request was malformed (origin and messageId are required).',
  invalidOrigin: 'This viewer is not one this image service gives tokens to.',
  missingAspect: 'You are not signed in.',
  invalidAspect: 'Your sign-in could not be verified.',
  expiredAspect: 'Your sign-in has expired; sign in again.',
  unavailable: 'The token service is not configured.',
};

/** Auth 1.0 §2.2.6 error types for the 2.0 problems. */
const ERROR1: Record<string, string> = {
  invalidRequest: 'invalidRequest',
  invalidOrigin: 'invalidOrigin',
  missingAspect: 'missingCredentials',
  invalidAspect: 'invalidCredentials',
  expiredAspect: 'invalidCredentials',
  unavailable: 'unavailable',
};

function setAccessCookie(token: string, secure: boolean, maxAge: number): string {
  // SameSite=None lets viewers on other sites load tiles with it; browsers accept that only when Secure.
  const same = secure ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${ACCESS_COOKIE}=${token}; Path=/; HttpOnly; ${same}; Max-Age=${Math.max(0, maxAge)}`;
}

export function authRoutes(cfg: AuthConfig, opts: AuthRouteOptions = {}): Hono {
  const now = opts.now ?? Date.now;
  const keys = (): KeyResolver | undefined => opts.keys ?? (cfg.access ? keyResolverFor(cfg.access.keys) : undefined);
  const devMode = cfg.access?.keys.kind === 'inline';
  const app = new Hono();

  app.get('/auth/login', async function login(c) {
    const check = await checkAccess(c.req.raw, cfg, now(), keys());
    if (check.identity === null) return c.html(notSignedInPage(devMode), 401, htmlHeaders(false));
    return c.html(signedInPage(check.identity, institution(cfg, c.req.url)), 200, htmlHeaders(false));
  });

  if (devMode) {
    // Local development only: stands in for Access setting CF_Authorization after its own sign-in page.
    app.post('/auth/login', async function devLogin(c) {
      const form = await c.req.parseBody();
      const token = typeof form['token'] === 'string' ? form['token'].trim() : '';
      const resolver = keys();
      if (cfg.access === null || resolver === undefined) return c.html(notSignedInPage(true), 401, htmlHeaders(false));
      try {
        const identity = await verifyAccessJwt(token, cfg.access, resolver, now());
        const maxAge = (identity.expiresAt ?? 0) - Math.floor(now() / 1000);
        const headers = { ...htmlHeaders(false), 'Set-Cookie': setAccessCookie(token, new URL(c.req.url).protocol === 'https:', maxAge) };
        return c.html(signedInPage(identity, institution(cfg, c.req.url)), 200, headers);
      } catch (err) {
        console.warn(`auth: dev sign-in refused: ${rejection(err).message}`);
        return c.html(notSignedInPage(true), 401, htmlHeaders(false));
      }
    });
  }

  app.get('/auth/token', async function token2(c: Context) {
    const origin = parseOrigin(c.req.query('origin'));
    const messageId = c.req.query('messageId');
    const outcome =
      messageId === undefined
        ? ({ ok: false, problem: 'invalidRequest' } as const)
        : await tokenOutcome(origin, c.req.url, cfg, () => checkAccess(c.req.raw, cfg, now(), keys()));
    const head = { '@context': AUTH2_CONTEXT, messageId: messageId ?? '' };
    // Only an error may go to '*' (no origin to address); a token is only ever posted to its own origin.
    const target = origin ?? '*';
    if (!outcome.ok || origin === null) {
      const problem = outcome.ok ? 'invalidRequest' : outcome.problem;
      const msg = { ...head, type: 'AuthAccessTokenError2', profile: problem, heading: { en: ['No access token'] }, note: { en: [ERROR_TEXT[problem]] } };
      return c.html(tokenPage(msg, target), 200, htmlHeaders(true));
    }
    const issued = await issueViewerToken(outcome.identity, origin, cfg.tokenSecret as Uint8Array, now(), outcome.identity.expiresAt);
    const msg = { ...head, type: 'AuthAccessToken2', accessToken: issued.accessToken, expiresIn: issued.expiresIn };
    return c.html(tokenPage(msg, origin), 200, htmlHeaders(true));
  });

  app.get('/auth/token1', async function token1(c: Context) {
    const messageId = c.req.query('messageId');
    const access = () => checkAccess(c.req.raw, cfg, now(), keys());
    if (messageId === undefined) {
      // §2.2.3 non-browser client: plain JSON, errors with a matching HTTP status; token bound to no origin.
      const check = await access();
      if (cfg.tokenSecret === null) return c.json({ error: 'unavailable', description: ERROR_TEXT['unavailable'] }, 503);
      if (check.identity === null) {
        const problem = `${check.problem}Aspect`;
        return c.json({ error: ERROR1[problem], description: ERROR_TEXT[problem] }, 401, { 'Cache-Control': 'no-store' });
      }
      const issued = await issueViewerToken(check.identity, '', cfg.tokenSecret, now(), check.identity.expiresAt);
      return c.json(issued, 200, { 'Cache-Control': 'no-store' });
    }
    const origin = parseOrigin(c.req.query('origin'));
    const outcome = await tokenOutcome(origin, c.req.url, cfg, access);
    if (!outcome.ok || origin === null) {
      const problem = outcome.ok ? 'invalidRequest' : outcome.problem;
      const msg = { error: ERROR1[problem], description: ERROR_TEXT[problem], messageId };
      return c.html(tokenPage(msg, origin ?? '*'), 200, htmlHeaders(true));
    }
    const issued = await issueViewerToken(outcome.identity, origin, cfg.tokenSecret as Uint8Array, now(), outcome.identity.expiresAt);
    return c.html(tokenPage({ ...issued, messageId }, origin), 200, htmlHeaders(true));
  });

  app.get('/auth/logout', function logout(c) {
    const secure = new URL(c.req.url).protocol === 'https:';
    const clear = setAccessCookie('', secure, 0);
    // Viewer tokens live TOKEN_TTL_S at most and the viewer discards them (§6.2); the cookie is the state.
    if (devMode) return c.html(signedOutPage(institution(cfg, c.req.url)), 200, { ...htmlHeaders(false), 'Set-Cookie': clear });
    return c.body(null, 302, { Location: '/cdn-cgi/access/logout', 'Set-Cookie': clear, 'Cache-Control': 'no-store' });
  });

  return app;
}
