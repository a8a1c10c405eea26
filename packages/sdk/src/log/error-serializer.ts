import { EventEmitter } from 'node:events';
import { censorSecretText, looksSecretKey } from '../secrets/index.js';

/** Written instead of an object already being written higher up the same error. */
export const CIRCULAR = '[Circular]';
/** Written instead of an object past MAX_ERROR_DEPTH: never shown unwalked, so never shown uncensored. */
export const TOO_DEEP = '[nested too deep]';

/**
 * Levels walked below an error (its fields, their fields, causes, members). Errors carry their
 * context a few levels down (axios: `err.config.headers.Authorization`, three); ten leaves room
 * for a cause chain around it and bounds the work on a pathological object.
 */
const MAX_ERROR_DEPTH = 10;

/** The prototype of every serialised error: marks it as done (never walked or serialised again). */
const SERIALIZED_ERROR: object = Object.freeze(Object.create(Object.prototype));

const objectTag = Object.prototype.toString;
const { hasOwn, getPrototypeOf } = Object;

/**
 * A thrown Error, also one from another realm (vm, worker), where `instanceof Error` is false.
 * Called by the line walk for every value that is an object but no plain one (a Date, a
 * Buffer): the tag is read only for objects with a string `stack`, as errors have.
 */
export function isError(value: object): boolean {
  return value instanceof Error || (typeof (value as { stack?: unknown }).stack === 'string' && objectTag.call(value) === '[object Error]');
}

/** Serialises one error (see createErrorSerializer). */
export type ErrorSerializer = (error: object) => Record<string, unknown>;

export interface ThrownValueCensor {
  readonly serializeError: ErrorSerializer;
  /**
   * Any value walked the same way (a thrown value that is no error, what lies under `err`):
   * plain objects keep their shape, errors in it are serialised; never throws.
   */
  readonly censorValue: (value: unknown) => unknown;
}

/**
 * Serialises an error the way pino's `errWithCause` does (type, message, stack, the
 * `aggregateErrors` of an AggregateError, `cause`, then every enumerable field), so log lines
 * keep their shape, but walks every value it writes: values under a secret key are censored
 * at any depth, causes that are no errors are walked too, cycles become CIRCULAR and what lies
 * past MAX_ERROR_DEPTH becomes TOO_DEEP. Sockets, streams and requests (event emitters) are
 * written as their type: their internals hold raw header text (`_header`) that no key catches.
 * Plain objects that hold nothing to censor are written as they are (copy on write); the
 * error and everything on it are never changed.
 */
export function createErrorSerializer(
  isSecretKey: (key: string) => boolean,
  censor: string,
  /**
   * The wider rules of secret-text.ts (key fragments for text values, header lists, URL
   * credentials and secret parameters in text); off when the app replaced the default keys.
   */
  wide = false,
): ThrownValueCensor {
  const walker = new CensoringWalk(isSecretKey, censor, wide);
  return {
    serializeError: (error) => {
      try {
        return walker.serialize(error as Error, 0, new Set([error]));
      } catch {
        // A getter that throws, a toJSON that throws: the line is still written, with what is safe to read.
        return fallback(error);
      }
    },
    censorValue: (value) => {
      try {
        return walker.walk(value, 0, new Set());
      } catch {
        return UNSERIALIZABLE;
      }
    },
  };
}

/** The walk behind createErrorSerializer: `depth` counts levels below the error, `seen` the objects above. */
class CensoringWalk {
  readonly #isSecretKey: (key: string) => boolean;
  readonly #censor: string;
  readonly #wide: boolean;

  constructor(isSecretKey: (key: string) => boolean, censor: string, wide: boolean) {
    this.#isSecretKey = isSecretKey;
    this.#censor = censor;
    this.#wide = wide;
  }

  walk(value: unknown, depth: number, seen: Set<object>): unknown {
    if (typeof value === 'string') return this.#text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return CIRCULAR;
    const proto = getPrototypeOf(value);
    if (proto === SERIALIZED_ERROR) return value;
    if (depth > MAX_ERROR_DEPTH) return TOO_DEEP;
    seen.add(value);
    try {
      if (Array.isArray(value)) return this.#walkArray(value, depth, seen);
      if (proto === Object.prototype || proto === null) return this.#walkFields(value as Record<string, unknown>, depth, seen, false);
      if (isError(value)) return this.serialize(value as Error, depth, seen);
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return this.walk(toJSON.call(value), depth, seen);
      if (value instanceof EventEmitter) return `[${value.constructor?.name || 'EventEmitter'}]`;
      // A class instance: its own fields, as JSON.stringify would write them, but censored.
      return this.#walkFields(value as Record<string, unknown>, depth, seen, true);
    } finally {
      seen.delete(value);
    }
  }

  serialize(error: Error, depth: number, seen: Set<object>): Record<string, unknown> {
    const fields = error as Error & Record<string, unknown>;
    const out = Object.create(SERIALIZED_ERROR) as Record<string, unknown>;
    out.type = objectTag.call(error.constructor) === '[object Function]' ? error.constructor.name : error.name;
    out.message = typeof error.message === 'string' ? this.#text(error.message) : error.message;
    out.stack = typeof error.stack === 'string' ? this.#text(error.stack) : error.stack;
    const members = fields.errors;
    if (Array.isArray(members)) out.aggregateErrors = members.map((member) => this.walk(member, depth + 1, seen));
    // Set through the constructor's option, `cause` is not enumerable: read it by name, whatever it holds.
    const cause = fields.cause;
    if (cause !== undefined) out.cause = this.walk(cause, depth + 1, seen);
    for (const key in fields) {
      if (hasOwn(out, key)) continue;
      out[key] = this.#censorField(key, fields[key], depth + 1, seen);
    }
    return out;
  }

  #censorField(key: string, value: unknown, depth: number, seen: Set<object>): unknown {
    if (this.#isSecretKey(key)) return value === undefined ? undefined : this.#censor;
    // `db_password`, `sessionToken`, `connectionString: "postgres://u:pw@…"`; a count under a
    // secret-looking key (`total_tokens: 812`) is no secret.
    if (
      this.#wide &&
      value !== undefined &&
      value !== null &&
      typeof value !== 'number' &&
      typeof value !== 'boolean' &&
      looksSecretKey(key)
    ) {
      return this.#censor;
    }
    return this.walk(value, depth, seen);
  }

  #text(value: string): string {
    return this.#wide ? censorSecretText(value, this.#censor, this.#isSecretKey) : value;
  }

  #isSecretName(value: unknown): boolean {
    return typeof value === 'string' && (this.#isSecretKey(value) || looksSecretKey(value));
  }

  #walkArray(array: unknown[], depth: number, seen: Set<object>): unknown[] {
    let copy: unknown[] | undefined;
    for (let index = 0; index < array.length; index++) {
      const item = array[index];
      // A header list: `rawHeaders` (name, value, name, value…) or a `[name, value]` pair: values at odd places.
      const next =
        this.#wide && index % 2 === 1 && typeof item === 'string' && this.#isSecretName(array[index - 1])
          ? this.#censor
          : this.walk(item, depth + 1, seen);
      if (next !== item) {
        copy ??= array.slice();
        copy[index] = next;
      }
    }
    return copy ?? array;
  }

  #walkFields(object: Record<string, unknown>, depth: number, seen: Set<object>, alwaysCopy: boolean): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined = alwaysCopy ? {} : undefined;
    for (const key of Object.keys(object)) {
      const item = object[key];
      const next = this.#censorField(key, item, depth + 1, seen);
      if (next !== item && copy === undefined) copy = { ...object };
      if (copy !== undefined) copy[key] = next;
    }
    return copy ?? object;
  }
}

const UNSERIALIZABLE = '[unserializable value]';

function fallback(error: object): Record<string, unknown> {
  const out = Object.create(SERIALIZED_ERROR) as Record<string, unknown>;
  try {
    const { name, message, stack } = error as Error;
    out.type = typeof name === 'string' ? name : 'Error';
    out.message = typeof message === 'string' ? message : '';
    if (typeof stack === 'string') out.stack = stack;
  } catch {
    out.type = 'Error';
    out.message = '[unserializable error]';
  }
  return out;
}

/** True for what an ErrorSerializer returned: already walked and censored. */
export function isSerializedError(value: object): boolean {
  return getPrototypeOf(value) === SERIALIZED_ERROR;
}
