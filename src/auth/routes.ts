/**
 * The IIIF auth services as Hono routes (mount with `app.route('/', authRoutes(cfg))`):
 * - GET  /auth/login   access service (Auth 2.0 §3, profile active; Auth 1.0 §2.1.3 login). The only
 *                      path behind Cloudflare Access: Access signs the user in, then this page confirms
 *                      and closes itself on a click. In local development (inline ACCESS_JWKS) it also
 *                      takes a pasted dev token (POST) and sets the cookie Access would set.
 * - GET  /auth/token   Auth 2.0 token service (§4): HTML that posts AuthAccessToken2 or
 *                      AuthAccessTokenError2 to the viewer origin.
 * - GET  /auth/token1  Auth 1.0 token service (§2.2): the same for 1.0 clients ({accessToken, expiresIn,
 *                      messageId}), or plain JSON without messageId (§2.2.3).
 * - GET  /auth/logout  logout (Auth 2.0 §6, 1.0 §2.3): clears the cookie, then Access's own logout.
 */
import { Hono, type Context } from 'hono';
import { rejection, verifyAccessJwt } from './access-jwt';
import { ACCESS_COOKIE, checkAccess } from './identify';
import { keyResolverFor, type KeyResolver } from './jwks';
import { notSignedInPage, signedInPage, signedOutPage, tokenPage } from './pages';
import {
  errorMessage1,
  errorMessage2,
  parseOrigin,
  PROBLEM_1,
  PROBLEM_TEXT,
  tokenMessage1,
  tokenMessage2,
  tokenOutcome,
} from './token-messages';
import type { AuthConfig, Identity } from './types';
import { issueViewerToken, type IssuedToken } from './viewer-token';

export interface AuthRouteOptions {
  /** Clock for tests (milliseconds since the epoch). */
  readonly now?: () => number;
  /** Key resolver for tests; default: from cfg.access.keys. */
  readonly keys?: KeyResolver;
}

const PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

/** Token pages are framed by viewers on other sites (§4.2); the login and logout pages are never framed. */
function htmlHeaders(framable: boolean): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': framable ? PAGE_CSP : `${PAGE_CSP}; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
  };
}

function institution(cfg: AuthConfig, requestUrl: string): string {
  return cfg.institution ?? new URL(requestUrl).host;
}

function accessCookie(token: string, requestUrl: string, maxAge: number): string {
  // SameSite=None lets viewers on other sites load tiles with it; browsers accept that only when Secure.
  const same = new URL(requestUrl).protocol === 'https:' ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${ACCESS_COOKIE}=${token}; Path=/; HttpOnly; ${same}; Max-Age=${Math.max(0, maxAge)}`;
}

export function authRoutes(cfg: AuthConfig, opts: AuthRouteOptions = {}): Hono {
  const now = opts.now ?? Date.now;
  const resolver = cfg.access === null ? undefined : (opts.keys ?? keyResolverFor(cfg.access.keys));
  const devMode = cfg.access?.keys.kind === 'inline';
  const access = (c: Context) => checkAccess(c.req.raw, cfg, now(), resolver);
  const issue = (identity: Identity, origin: string): Promise<IssuedToken> =>
    issueViewerToken(identity, origin, cfg.tokenSecret as Uint8Array, now(), identity.expiresAt);
  const app = new Hono();

  app.get('/auth/login', async function login(c) {
    const check = await access(c);
    if (check.identity === null) return c.html(notSignedInPage(devMode), 401, htmlHeaders(false));
    return c.html(signedInPage(check.identity, institution(cfg, c.req.url)), 200, htmlHeaders(false));
  });

  if (devMode && cfg.access !== null && resolver !== undefined) {
    const settings = cfg.access;
    // Local development only: stands in for Access setting CF_Authorization after its own sign-in page.
    app.post('/auth/login', async function devLogin(c) {
      const form = await c.req.parseBody();
      const token = typeof form['token'] === 'string' ? form['token'].trim() : '';
      try {
        const identity = await verifyAccessJwt(token, settings, resolver, now());
        const maxAge = (identity.expiresAt ?? 0) - Math.floor(now() / 1000);
        const headers = { ...htmlHeaders(false), 'Set-Cookie': accessCookie(token, c.req.url, maxAge) };
        return c.html(signedInPage(identity, institution(cfg, c.req.url)), 200, headers);
      } catch (err) {
        console.warn(`auth: dev sign-in refused: ${rejection(err).message}`);
        return c.html(notSignedInPage(true), 401, htmlHeaders(false));
      }
    });
  }

  app.get('/auth/token', async function token2(c) {
    const origin = parseOrigin(c.req.query('origin'));
    const messageId = c.req.query('messageId');
    const outcome = await tokenOutcome(origin, messageId, c.req.url, cfg, () => access(c));
    // An error may go to '*' when there is no origin to address; a token only ever goes to its origin.
    const message =
      outcome.ok && origin !== null
        ? tokenMessage2(messageId ?? '', await issue(outcome.identity, origin))
        : errorMessage2(messageId ?? '', outcome.ok ? 'invalidRequest' : outcome.problem);
    return c.html(tokenPage(message, origin ?? '*'), 200, htmlHeaders(true));
  });

  app.get('/auth/token1', async function token1(c) {
    const messageId = c.req.query('messageId');
    if (messageId === undefined) return directToken1(c);
    const origin = parseOrigin(c.req.query('origin'));
    const outcome = await tokenOutcome(origin, messageId, c.req.url, cfg, () => access(c));
    const message =
      outcome.ok && origin !== null
        ? tokenMessage1(messageId, await issue(outcome.identity, origin))
        : errorMessage1(messageId, outcome.ok ? 'invalidRequest' : outcome.problem);
    return c.html(tokenPage(message, origin ?? '*'), 200, htmlHeaders(true));
  });

  /** Auth 1.0 §2.2.3 non-browser client: plain JSON, errors with their HTTP status; bound to no origin. */
  async function directToken1(c: Context): Promise<Response> {
    const noStore = { 'Cache-Control': 'no-store' };
    if (cfg.tokenSecret === null) {
      return c.json({ error: PROBLEM_1.unavailable, description: PROBLEM_TEXT.unavailable }, 503, noStore);
    }
    const check = await access(c);
    if (check.identity === null) {
      const problem = `${check.problem}Aspect` as const;
      return c.json({ error: PROBLEM_1[problem], description: PROBLEM_TEXT[problem] }, 401, noStore);
    }
    return c.json(await issue(check.identity, ''), 200, noStore);
  }

  app.get('/auth/logout', function logout(c) {
    const clear = accessCookie('', c.req.url, 0);
    // Viewer tokens live TOKEN_TTL_S at most and the viewer discards them (§6.2); the cookie is the state.
    if (devMode) {
      return c.html(signedOutPage(institution(cfg, c.req.url)), 200, { ...htmlHeaders(false), 'Set-Cookie': clear });
    }
    return c.body(null, 302, { Location: '/cdn-cgi/access/logout', 'Set-Cookie': clear, 'Cache-Control': 'no-store' });
  });

  return app;
}
