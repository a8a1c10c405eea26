/** Up to this many keys are compared one by one; more go in a Map. */
const LINEAR_MAX = 16;

/**
 * Exact lookup of a request's path, or a part of it, among keys known at setup (ignored paths,
 * probe paths, a route trie's static segments). The request's path is a fresh string every
 * request, which a Map lookup hashes first, after slicing out the part looked up. Compared in place
 * with a few keys it costs a length check each (strings of different lengths are never equal) and
 * no substring, so a short table is walked; a long one falls back to a Map.
 */
export class PathTable<V> {
  readonly #keys: readonly string[];
  readonly #values: readonly V[];
  readonly #map: ReadonlyMap<string, V> | undefined;

  /** A key given twice keeps its last value, as in a Map. */
  constructor(entries: Iterable<readonly [string, V]>) {
    const map = new Map(entries);
    this.#keys = [...map.keys()];
    this.#values = [...map.values()];
    this.#map = map.size > LINEAR_MAX ? map : undefined;
  }

  get size(): number {
    return this.#keys.length;
  }

  /** Every key once, in the order first given. */
  get keys(): readonly string[] {
    return this.#keys;
  }

  /** The value of the key equal to `text` from `start` up to `end` (exclusive): what get(text.slice(start, end)) on a Map gives. */
  get(text: string, start = 0, end = text.length): V | undefined {
    const map = this.#map;
    if (map !== undefined) return map.get(start === 0 && end === text.length ? text : text.slice(start, end));
    const length = end - start;
    const keys = this.#keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (key.length === length && text.startsWith(key, start)) return this.#values[i];
    }
    return undefined;
  }
}
