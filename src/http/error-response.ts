/**
 * The one place where errors become responses: typed HttpErrors keep their status and one-line reason
 * (plain text, or `{"status","error"}` JSON for the Presentation routes, whose clients parse JSON);
 * anything else is logged and answered 500 without internals.
 */
import { CatalogUnavailable, HttpError } from '../errors';

export type ErrorBody = 'text' | 'json';

export function errorResponse(err: unknown, headers: Record<string, string> = {}, body: ErrorBody = 'text'): Response {
  if (err instanceof HttpError) {
    const extra: Record<string, string> = err instanceof CatalogUnavailable ? { 'Retry-After': String(err.retryAfter) } : {};
    const json = body === 'json';
    return new Response(json ? `${JSON.stringify({ status: err.status, error: err.message })}\n` : `${err.message}\n`, {
      status: err.status,
      // Errors depend on the moment (a missing object may appear) and, for 401/403, on who asks.
      headers: { 'Content-Type': json ? 'application/json' : 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra, ...headers },
    });
  }
  console.error('internal error:', err instanceof Error ? (err.stack ?? err.message) : err);
  return new Response('internal error\n', {
    status: 500,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
