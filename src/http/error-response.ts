/**
 * The one place where errors become responses: typed HttpErrors keep their status and one-line reason;
 * anything else is logged and answered 500 without internals.
 */
import { HttpError, ServiceUnavailable } from '../errors';

export function errorResponse(err: unknown, headers: Record<string, string> = {}): Response {
  if (err instanceof HttpError) {
    return new Response(`${err.message}\n`, {
      status: err.status,
      // Errors depend on the moment (a missing object may appear) and, for 401/403, on who asks.
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        ...(err instanceof ServiceUnavailable ? { 'Retry-After': String(err.retryAfter) } : {}),
        ...headers,
      },
    });
  }
  console.error('internal error:', err instanceof Error ? (err.stack ?? err.message) : err);
  return new Response('internal error\n', {
    status: 500,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
