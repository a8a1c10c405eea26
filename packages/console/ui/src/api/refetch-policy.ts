import { ApiError } from './client.js';

/**
 * Whether a failed request is asked again on the next live update. A client error (400 a bad id,
 * 404 nothing stored under it) is the same answer every time: asking again only repeats the error
 * in the browser's console. Network failures and server errors (5xx) may pass; so may 408 and 429,
 * which say "later", not "never". So may a 404 where the thing can still arrive (`notFoundMayArrive`:
 * a trace whose spans are on their way, opened from a log line that came first).
 */
export function refetchAfter(error: unknown, options: { notFoundMayArrive?: boolean } = {}): boolean {
  if (!(error instanceof ApiError)) return true;
  if (error.status === 404) return options.notFoundMayArrive === true;
  return error.status < 400 || error.status >= 500 || error.status === 408 || error.status === 429;
}
