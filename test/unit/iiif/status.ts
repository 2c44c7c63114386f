/** Runs a function and reports the HTTP status it fails with, or 200 when it returns. */
import { HttpError } from '../../../src/errors';

export function statusOf(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
}

/** The error message a function fails with (for checking that messages name the bad value). */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error) return e.message;
  }
  return '';
}
