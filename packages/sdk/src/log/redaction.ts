import type { ResolvedLogOptions } from '../config/schema.js';

/** Keys whose values are secrets wherever they appear (matched top-level, and one and two levels deep). */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'passwd',
  'pass',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'accessToken',
  'refreshToken',
  'secret',
  'client_secret',
  'clientSecret',
  'api_key',
  'apikey',
  'apiKey',
  'x-api-key',
  'private_key',
  'privateKey',
  'credentials',
  'x-auth-token',
];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path segment in pino's redact syntax: `a.b` for identifiers, `["set-cookie"]` otherwise. */
function segment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function pathsForKey(key: string): string[] {
  const top = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  return [top, `*${segment(key)}`, `*.*${segment(key)}`];
}

export function redactPaths(options: ResolvedLogOptions['redact']): string[] {
  const defaults = options.replaceDefaults ? [] : DEFAULT_REDACT_KEYS.flatMap(pathsForKey);
  return [...new Set([...defaults, ...options.paths])];
}
