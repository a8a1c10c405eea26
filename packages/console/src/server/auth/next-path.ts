/** Longest `next` kept; a deep link is far shorter, and the value goes into a Location header. */
const MAX_NEXT_LENGTH = 2048;

/**
 * Where `/login` sends the browser afterwards: `next` when it is a path on this console (one `/`,
 * then printable ASCII without a backslash), else `/`. `//host`, `/\host` and paths with tabs or
 * newlines (which browsers drop, turning `/\t/host` into `//host`) would leave for another site.
 */
export function nextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_LENGTH) return '/';
  if (!/^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(next)) return '/';
  // Back to the login page would only show the form again.
  return next === '/login' || next.startsWith('/login?') ? '/' : next;
}
