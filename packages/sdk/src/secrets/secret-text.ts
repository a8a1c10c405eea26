/**
 * What an error carries beyond the keys the logger censors everywhere: the fields of a failed
 * call (a client's `connectionString`, a response's `sessionToken`, `db_password`), header lists
 * (`rawHeaders`, `[name, value]` pairs) and URLs with credentials. Errors are where secrets leak
 * (Sentry scrubs them by key fragment for the same reason), and they are rare enough on the log
 * path to be walked with these wider rules; ordinary lines keep the exact key set. Health check
 * messages (answered on the app's port) and the debug config dump use them too.
 */

/** Fragments of a key (lower case, without `-`, `_` and spaces) that mark its text value as secret. */
export const SECRET_KEY_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'credential',
  'authorization',
  'auth',
  'cookie',
  'sessionid',
  'jwt',
  'bearer',
  'dsn',
];

const SEPARATORS = /[-_\s]/g;

/**
 * `auth` names credentials (`x-auth`, `basicAuth`, `authKey`, `authorisation`), not an author or
 * an authority (`author`, `co_author`, `certificate_authority`): those are read on, not censored.
 */
const AUTH_AS_CREDENTIALS = /auth(?!or(?!i[sz]))/;

/** Whether a key names a secret by one of SECRET_KEY_FRAGMENTS (`db_password`, `apiToken`, `X-Auth`). */
export function looksSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(SEPARATORS, '');
  for (const fragment of SECRET_KEY_FRAGMENTS) {
    if (fragment === 'auth' ? AUTH_AS_CREDENTIALS.test(normalized) : normalized.includes(fragment)) return true;
  }
  return false;
}

/** `scheme://user:password@` (a connection string, a URL): the credentials part. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** `name=value` in a query string or a `key=value; …` text (also inside parentheses or after a comma). */
const PARAMETER = /([?&;,(\s]|^)([^=&;,#\s?()]+)=([^&;,#\s)"']*)/g;

/** What a secret is replaced by where no censor is configured (spans, health messages). */
const DEFAULT_CENSOR = '[REDACTED]';
const NO_EXTRA_KEYS = (): boolean => false;

/** censorSecretText() with the default censor and the fragments alone (no configured keys). */
export function censorSecretsInText(text: string): string {
  return censorSecretText(text, DEFAULT_CENSOR, NO_EXTRA_KEYS);
}

/**
 * `text` with the credentials of any URL in it and the values of secret-looking parameters
 * (`?access_token=…`, `password=…`) replaced by `censor`; the same string when it has none.
 */
export function censorSecretText(text: string, censor: string, isSecretKey: (key: string) => boolean): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  let out = text.includes('://') ? text.replace(URL_CREDENTIALS, `$1${censor}@`) : text;
  if (out.includes('=')) {
    out = out.replace(PARAMETER, (whole, before: string, name: string, value: string) =>
      value !== '' && (isSecretKey(name) || looksSecretKey(name)) ? `${before}${name}=${censor}` : whole,
    );
  }
  return out;
}
