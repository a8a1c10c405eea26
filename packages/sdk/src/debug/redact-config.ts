import { DEFAULT_REDACT_KEYS } from '../log/index.js';
import { looksSecretKey } from '../secrets/index.js';

export const CENSOR = '[REDACTED]';

export interface ConfigRedactionOptions {
  /** Extra key names to censor (the user's `log.redact.keys`). */
  readonly keys?: readonly string[];
  /** Values censored wherever they appear in a string, e.g. the debug token itself. */
  readonly values?: readonly string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** `scheme://user:password@host` keeps the host, loses the credentials. */
function redactUrlCredentials(value: string): string {
  if (!value.includes('@') || !value.includes('://')) return value;
  try {
    const url = new URL(value);
    if (url.username === '' && url.password === '') return value;
    return value.replace(/\/\/[^/@]*@/, `//${CENSOR}@`);
  } catch {
    return value;
  }
}

/**
 * A copy of resolved options that is safe to show: values under secret-looking keys (the
 * SDK's log redaction list, the user's extra keys, anything containing `token`, `secret`,
 * `password`…), every value under a `headers` key, URL credentials and known secret values are
 * replaced with `[REDACTED]`; streams and functions become a `[Type]` marker.
 */
export function redactConfig(config: unknown, options: ConfigRedactionOptions = {}): unknown {
  const keys = new Set([...DEFAULT_REDACT_KEYS, ...(options.keys ?? [])].map((key) => key.toLowerCase()));
  const values = (options.values ?? []).filter((value) => value.length > 0);
  const isSecretKey = (key: string) => {
    const lower = key.toLowerCase();
    // The log's fragments (secret-text.ts), and anything private: over-redacting is fine in a config dump.
    return keys.has(lower) || looksSecretKey(key) || lower.includes('private');
  };

  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return values.some((secret) => value.includes(secret)) ? CENSOR : redactUrlCredentials(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined && isSecretKey(key)) copy[key] = CENSOR;
        // Header names say what is configured; their values are credentials more often than not.
        else if (key.toLowerCase() === 'headers' && isPlainObject(item))
          copy[key] = Object.fromEntries(Object.keys(item).map((name) => [name, CENSOR]));
        else copy[key] = walk(item);
      }
      return copy;
    }
    if (typeof value === 'function') return '[Function]';
    if (typeof value === 'object' && value !== null) return `[${value.constructor?.name ?? 'Object'}]`;
    if (typeof value === 'bigint') return value.toString();
    return value;
  };
  return walk(config);
}
