import type { IncomingMessage, ServerResponse } from 'node:http';
import { DebugHttpError } from './http-error.js';

export type DebugMethod = 'GET' | 'POST';

export interface DebugRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** Aborted when the client goes away or the debug server closes: long captures stop early. */
  readonly signal: AbortSignal;
}

export interface DebugRoute {
  readonly method: DebugMethod;
  readonly path: string;
  /** Query parameters or body, for the index. */
  readonly params?: string;
  readonly description: string;
  /** Returns a value to send as JSON (200), or undefined after writing the response itself. */
  handle(request: DebugRequest): unknown;
}

/** Exact-path routing, built once: paths are few and fixed, so a map beats any pattern matching. */
export class DebugRouter {
  readonly routes: readonly DebugRoute[];
  readonly #byPath = new Map<string, Map<string, DebugRoute>>();

  constructor(routes: readonly DebugRoute[]) {
    this.routes = routes;
    for (const route of routes) {
      const methods = this.#byPath.get(route.path) ?? new Map<string, DebugRoute>();
      if (methods.has(route.method)) throw new Error(`duplicate debug route ${route.method} ${route.path}`);
      methods.set(route.method, route);
      this.#byPath.set(route.path, methods);
    }
  }

  /** The route for a request; 404 for an unknown path, 405 (with the allowed methods) for a wrong method. */
  find(method: string, path: string): DebugRoute {
    const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const methods = this.#byPath.get(normalized);
    if (methods === undefined) throw new DebugHttpError(404, `no debug endpoint at ${normalized}; GET /debug lists them`);
    const route = methods.get(method);
    if (route === undefined)
      throw new DebugHttpError(405, `${normalized} takes ${[...methods.keys()].join(', ')}`, { allow: [...methods.keys()] });
    return route;
  }
}
