import { jsonString } from './direct-line.js';

/** Distinct strings kept; past it a string is written as JSON each time, so any mix of values stays bounded. */
const DEFAULT_LIMIT = 1024;
/** Longer strings are never kept (a template is short; an app setting something else as its route pays the scan). */
const MAX_KEPT_LENGTH = 256;

/**
 * JSON of strings that come back on every request (methods, route templates): looked up by the
 * string, whose hash V8 keeps once computed, instead of scanned character by character for
 * what to escape (~15 against ~60 ns for a method and a template on the 2-vCPU VM). Bounded:
 * once `limit` strings are kept, others are written by jsonString() without being kept, as are
 * strings over 256 characters.
 */
export class RepeatedJsonStrings {
  readonly #json = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = DEFAULT_LIMIT) {
    this.#limit = limit;
  }

  /** jsonString(value), the same bytes. */
  of(value: string): string {
    let json = this.#json.get(value);
    if (json === undefined) {
      json = jsonString(value);
      if (this.#json.size < this.#limit && value.length <= MAX_KEPT_LENGTH) this.#json.set(value, json);
    }
    return json;
  }

  get size(): number {
    return this.#json.size;
  }
}
