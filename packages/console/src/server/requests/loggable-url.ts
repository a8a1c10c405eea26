const REDACTED = '[redacted]';

/**
 * A request's URL as the console's lines may show it: the value of a `token` query parameter
 * (`/login?token=…`, the login URL the CLI prints) is replaced, however its name is
 * percent-encoded, so the console's output never holds the UI token. Other parameters are kept:
 * they say which query was asked.
 */
export function loggableUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const pairs = url.slice(queryStart + 1).split('&');
  let redacted = false;
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index] as string;
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    if (isTokenName(name)) {
      pairs[index] = `${name}=${REDACTED}`;
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, queryStart + 1)}${pairs.join('&')}` : url;
}

/** Decoded as Fastify's query parser decodes a name (percent-escapes, `+` as a space). */
function isTokenName(name: string): boolean {
  if (name.length < 5) return false;
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase() === 'token';
  } catch {
    return false;
  }
}
