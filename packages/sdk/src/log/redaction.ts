import type { ResolvedLogOptions } from '../config/index.js';
import { kLineKeys } from '../context/index.js';
import { createErrorSerializer, isError, isSerializedError, type ThrownValueCensor } from './error-serializer.js';

/** Keys whose values are secrets wherever they appear in a log line (up to MAX_DEPTH deep). */
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
  'x-session-token',
  'session-id',
  'sessionId',
  'session_id',
  'x-csrf-token',
];

/** Nesting levels walked below the line itself: covers `req.headers.authorization` and more. */
const MAX_DEPTH = 4;

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The spellings a key shows up with: as given, UPPER, Capitalized and Header-Case. */
function spellings(key: string): string[] {
  return [key, key.toLowerCase(), key.toUpperCase(), capitalize(key), key.split('-').map(capitalize).join('-')];
}

const isPlain = (value: object) => {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** A key censor, and the censor of thrown values (errors and others) for the same keys. */
interface KeyRedaction {
  readonly censorKeys: (object: Record<string, unknown>) => Record<string, unknown>;
  readonly thrown: ThrownValueCensor;
}

/**
 * Censors secret-looking keys anywhere in a line, as pino's `formatters.log`. A key-set walk
 * was chosen over pino's `redact` with wildcard paths (`*.password`, `*.*.password`): those
 * install a stringifier on every key of every line and cost ~10x a plain line (measured in
 * bench/logger.ts). Objects are copied on write, never mutated: the app keeps its values.
 * An error met on the way (a value that is neither a plain object nor an array, checked only
 * then) is replaced by its serialised, censored form (error-serializer.ts), so errors nested
 * under any key are censored too; a line without errors pays nothing for that.
 */
export function createKeyRedactor(
  keys: readonly string[],
  censor: string,
  /** Request dumps (debug/) walk whole bodies: they pass a deeper limit. */
  maxDepth = MAX_DEPTH,
): (object: Record<string, unknown>) => Record<string, unknown> {
  return createKeyRedaction(keys, censor, maxDepth, true).censorKeys;
}

function createKeyRedaction(keys: readonly string[], censor: string, maxDepth: number, wide: boolean): KeyRedaction {
  const secret = new Set(keys.flatMap(spellings));
  const thrown = createErrorSerializer((key) => secret.has(key), censor, wide);
  const { serializeError } = thrown;

  // Kept out of walk(), which stays small for the common line of scalars.
  const visit = (value: object, depth: number): unknown => {
    if (isPlain(value)) return depth < maxDepth ? walk(value as Record<string, unknown>, depth + 1) : value;
    return isError(value) ? serializeError(value) : value;
  };

  const walk = (value: Record<string, unknown>, depth: number): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined;
    const array = Array.isArray(value);
    for (const key in value) {
      const current = value[key];
      let next = current;
      if (!array && secret.has(key)) {
        if (current !== undefined) next = censor;
      } else if (typeof current === 'object' && current !== null) {
        next = visit(current, depth);
      }
      if (next !== current) {
        copy ??= (array ? [...(value as unknown as unknown[])] : { ...value }) as Record<string, unknown>;
        copy[key] = next;
      }
    }
    return copy ?? value;
  };

  // Lines that declare their keys (see kLineKeys) are checked once per key list, not per line.
  const verdicts = new WeakMap<readonly string[], boolean>();
  const holdsNoSecret = (lineKeys: readonly string[]) => {
    let verdict = verdicts.get(lineKeys);
    if (verdict === undefined) {
      verdict = !lineKeys.some((key) => secret.has(key));
      verdicts.set(lineKeys, verdict);
    }
    return verdict;
  };

  return {
    censorKeys: (object) => {
      const lineKeys = (object as { [kLineKeys]?: readonly string[] })[kLineKeys];
      return lineKeys !== undefined && holdsNoSecret(lineKeys) ? object : walk(object, 0);
    },
    thrown,
  };
}

export interface Redaction {
  /** pino `formatters.log` / `formatters.bindings`: censors configured keys; undefined when none. */
  readonly censorKeys: ((object: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** pino `redact` option for explicit paths; undefined when there are none. */
  readonly paths: { paths: string[]; censor: string } | undefined;
  /**
   * pino serializer of the `err` and `error` keys. The key censor has already serialised an
   * error of a line's own fields; this one serves child-logger bindings (which skip
   * `formatters.log`), loggers without keys to censor, and thrown values that are no errors
   * (walked as deep as an error, past the key censor's depth).
   */
  readonly serializeError: (value: unknown) => unknown;
  /** Censors a thrown value of any kind as deep as an error is censored; never throws. */
  readonly censorThrown: (value: unknown) => unknown;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const topLevelPath = (key: string) => (IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`);
const NO_SECRET_KEY = () => false;

/** pino's `errWithCause` takes anything with a string `message` under `err` for an error: so does this. */
function errorFieldSerializer({ serializeError, censorValue }: ThrownValueCensor): (value: unknown) => unknown {
  return (value) => {
    if (typeof value !== 'object' || value === null || isSerializedError(value)) return value;
    return isError(value) || typeof (value as { message?: unknown }).message === 'string' ? serializeError(value) : censorValue(value);
  };
}

/**
 * Lines are censored by the key walk; child-logger bindings never pass through
 * `formatters.log` (pino serialises them once, at child creation), so the same keys are also
 * given to pino's `redact` as exact top-level paths. Exact paths only add a stringifier for
 * those keys, unlike wildcards, which add one for every key.
 */
export function createRedaction(options: ResolvedLogOptions['redact']): Redaction {
  const keys = [...(options.replaceDefaults ? [] : DEFAULT_REDACT_KEYS), ...options.keys];
  const paths = [...new Set([...options.paths, ...keys.flatMap(spellings).map(topLevelPath)])];
  // The defaults come with the wider rules for errors (secret-text.ts); replacing them drops both.
  const keyRedaction = keys.length > 0 ? createKeyRedaction(keys, options.censor, MAX_DEPTH, !options.replaceDefaults) : undefined;
  const thrown = keyRedaction?.thrown ?? createErrorSerializer(NO_SECRET_KEY, options.censor);
  return {
    censorKeys: keyRedaction?.censorKeys,
    paths: paths.length > 0 ? { paths, censor: options.censor } : undefined,
    serializeError: errorFieldSerializer(thrown),
    censorThrown: thrown.censorValue,
  };
}
