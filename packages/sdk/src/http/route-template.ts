import { PathTable } from '../paths/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';

/** Label value for requests no route matched: one fixed value, never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

interface TrieNode {
  /** Static segments, while templates are added. */
  readonly children: Map<string, TrieNode>;
  /** `children` as matching reads them, built once every template is in. */
  statics: PathTable<TrieNode> | undefined;
  param: TrieNode | undefined;
  /** Template ending here. */
  template: string | undefined;
  /** Template of a `*` at this position: matches any remainder. */
  wildcard: string | undefined;
}

const node = (): TrieNode => ({ children: new Map(), statics: undefined, param: undefined, template: undefined, wildcard: undefined });

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Resolves a concrete path to its route template for servers without a router (node:http).
 * Templates use Express/Fastify syntax: `/users/:id`, `/files/*`. Static segments win over
 * parameters, parameters over wildcards; compiled into a trie once at setup.
 */
export class RouteMatcher {
  readonly #root = node();

  constructor(templates: readonly string[]) {
    for (const template of templates) this.#add(template);
    seal(this.#root);
  }

  #add(template: string): void {
    if (!template.startsWith('/')) {
      throw new SightlineConfigError([`route template "${template}" must start with "/"`], 'SL_ROUTE_TEMPLATE_INVALID');
    }
    const parts = segments(template);
    let current = this.#root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part === '*') {
        if (i !== parts.length - 1) {
          throw new SightlineConfigError([`route template "${template}": "*" must be the last segment`], 'SL_ROUTE_TEMPLATE_INVALID');
        }
        current.wildcard = template;
        return;
      }
      if (part.startsWith(':')) {
        if (part.length === 1) {
          throw new SightlineConfigError([`route template "${template}": a parameter needs a name after ":"`], 'SL_ROUTE_TEMPLATE_INVALID');
        }
        current.param ??= node();
        current = current.param;
      } else {
        let next = current.children.get(part);
        if (next === undefined) {
          next = node();
          current.children.set(part, next);
        }
        current = next;
      }
    }
    current.template = template;
  }

  /** The template for `path` (no query string), or undefined when none matches. */
  match(path: string): string | undefined {
    return this.#match(this.#root, path, skipSlashes(path, 0));
  }

  /**
   * Walks the path by index instead of splitting it, and compares static segments in place: a
   * request allocates nothing here (past 16 static children of one node, a substring to hash).
   */
  #match(current: TrieNode, path: string, start: number): string | undefined {
    if (start >= path.length) return current.template ?? current.wildcard;
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const next = skipSlashes(path, end);
    if (current.statics !== undefined) {
      const staticChild = current.statics.get(path, start, end);
      if (staticChild !== undefined) {
        const found = this.#match(staticChild, path, next);
        if (found !== undefined) return found;
      }
    }
    if (current.param !== undefined) {
      const found = this.#match(current.param, path, next);
      if (found !== undefined) return found;
    }
    return current.wildcard;
  }
}

/** Builds every node's `statics` from its `children`, once the trie is complete. */
function seal(current: TrieNode): void {
  if (current.children.size > 0) current.statics = new PathTable(current.children);
  for (const child of current.children.values()) seal(child);
  if (current.param !== undefined) seal(current.param);
}

/** Index of the first character after any run of '/' starting at `index`. */
function skipSlashes(path: string, index: number): number {
  let i = index;
  while (i < path.length && path.charCodeAt(i) === 47) i++;
  return i;
}
