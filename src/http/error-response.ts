/**
 * The one place where errors become responses: typed HttpErrors keep their status and one-line reason
 * (plain text, or `{"status","error"}` JSON for the Presentation routes, whose clients parse JSON);
 * anything else is logged and answered 500 without internals.
 */
import { HttpError, ServiceUnavailable } from '../errors';

/** Longest reason sent, in UTF-16 units: reasons quote the client's input, which may be 64 KB long. */
export const MAX_REASON_LENGTH = 1000;

/**
 * The reason as one line of bounded length. Reasons quote the request (a parameter, an identifier), and a
 * decoded `%0A` or `%0D` must not start a second line, in the body or in a log that copies it; control
 * characters and the Unicode line separators are written as `\uXXXX`.
 */
export function oneLineReason(message: string): string {
  const line = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return line.length <= MAX_REASON_LENGTH ? line : `${line.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

export type ErrorBody = 'text' | 'json';

export function errorResponse(err: unknown, headers: Record<string, string> = {}, body: ErrorBody = 'text'): Response {
  if (err instanceof HttpError) {
    // RFC 9110 §10.2.3: a passing condition says when to try again.
    const extra: Record<string, string> = err instanceof ServiceUnavailable ? { 'Retry-After': String(err.retryAfter) } : {};
    const json = body === 'json';
    const reason = oneLineReason(err.message);
    return new Response(json ? `${JSON.stringify({ status: err.status, error: reason })}\n` : `${reason}\n`, {
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
