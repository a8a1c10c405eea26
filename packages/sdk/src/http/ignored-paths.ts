/** Up to this many paths are compared one by one; more go in a Set. */
const LINEAR_MAX = 16;

/**
 * The paths the request pass leaves alone (`http.ignorePaths`, the health probes). A Set lookup
 * hashes the request's path, a fresh string every request; comparing it with a few paths costs
 * a length check each (strings of different lengths are never equal), so a short list is walked.
 */
export class IgnoredPaths {
  readonly #list: readonly string[];
  readonly #set: ReadonlySet<string> | undefined;

  constructor(paths: Iterable<string>) {
    this.#list = [...new Set(paths)];
    this.#set = this.#list.length > LINEAR_MAX ? new Set(this.#list) : undefined;
  }

  has(path: string): boolean {
    if (this.#set !== undefined) return this.#set.has(path);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i] === path) return true;
    return false;
  }
}
