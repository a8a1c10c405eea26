import type { IncomingMessage, ServerResponse } from 'node:http';
import { DebugHttpError } from './http-error.js';

export type DebugMethod = 'GET' | 'POST';

export interface DebugRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** Aborted when the client goes away or the debug server closes: long captures stop early. */
  readonly signal: AbortSignal;
  /** The path segment a `…/:name` route matched, by name. */
  readonly params: Readonly<Record<string, string>>;
}

export interface DebugRoute {
  readonly method: DebugMethod;
  /** Exact, or ending in one `/:name` segment (`/debug/errors/:fingerprint`). */
  readonly path: string;
  /** Query parameters or body, for the index. */
  readonly params?: string;
  readonly description: string;
  /** Returns a value to send as JSON (200), or undefined after writing the response itself. */
  handle(request: DebugRequest): unknown;
}

export interface DebugMatch {
  readonly route: DebugRoute;
  readonly params: Readonly<Record<string, string>>;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DebugHttpError(400, `malformed percent-encoding in path segment "${segment}"`);
  }
}

/**
 * Routing built once: paths are few and fixed, so maps beat any pattern matching. A route
 * ending in `/:name` is kept by its prefix and matches one more segment.
 */
export class DebugRouter {
  readonly routes: readonly DebugRoute[];
  readonly #byPath = new Map<string, Map<string, DebugRoute>>();
  /** `/debug/errors` → its `/:fingerprint` routes by method, and the parameter's name. */
  readonly #byPrefix = new Map<string, { name: string; methods: Map<string, DebugRoute> }>();

  constructor(routes: readonly DebugRoute[]) {
    this.routes = routes;
    for (const route of routes) {
      const slash = route.path.lastIndexOf('/');
      const parameter = route.path.startsWith(':', slash + 1) ? route.path.slice(slash + 2) : undefined;
      const prefix = route.path.slice(0, slash);
      const entry = parameter === undefined ? undefined : (this.#byPrefix.get(prefix) ?? { name: parameter, methods: new Map() });
      const methods = entry?.methods ?? this.#byPath.get(route.path) ?? new Map<string, DebugRoute>();
      if (methods.has(route.method)) throw new Error(`duplicate debug route ${route.method} ${route.path}`);
      methods.set(route.method, route);
      if (entry === undefined) this.#byPath.set(route.path, methods);
      else this.#byPrefix.set(prefix, entry);
    }
  }

  /** The route and parameters for a request; 404 for an unknown path, 405 (with the allowed methods) for a wrong method. */
  find(method: string, path: string): DebugMatch {
    const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    let methods = this.#byPath.get(normalized);
    let params = NO_PARAMS;
    if (methods === undefined) {
      const slash = normalized.lastIndexOf('/');
      const entry = this.#byPrefix.get(normalized.slice(0, slash));
      if (entry !== undefined && slash < normalized.length - 1) {
        methods = entry.methods;
        params = { [entry.name]: decodeSegment(normalized.slice(slash + 1)) };
      }
    }
    if (methods === undefined) throw new DebugHttpError(404, `no debug endpoint at ${normalized}; GET /debug lists them`);
    const route = methods.get(method);
    if (route === undefined)
      throw new DebugHttpError(405, `${normalized} takes ${[...methods.keys()].join(', ')}`, { allow: [...methods.keys()] });
    return { route, params };
  }
}
