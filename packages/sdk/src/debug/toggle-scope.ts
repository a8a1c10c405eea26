import { context } from '@opentelemetry/api';
import { getRequestContext, type RequestContext } from '../context/index.js';
import type { RequestState } from '../http/index.js';
import type { LevelGate } from '../log/index.js';

/** The requests a scoped debug toggle applies to: a route template (or exact path), a user, or both. */
export interface ToggleScopeFilter {
  readonly route?: string | undefined;
  readonly userId?: string | undefined;
}

const stringField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The logger gate of a scoped debug toggle (log/create-logger.ts `LevelGate`): while open,
 * lines below `floor` (the level before the toggle) are written only in the context of a
 * request in scope. A request's route is matched with what is known when the line is
 * written: Fastify's route from the start, Express's once its router matched (lines from
 * middleware before that do not match), node:http's from `http.routes` or setRoute(). The
 * user matches from observer.setUser() on.
 */
export class ToggleScope implements LevelGate {
  floor = 0;
  #filter: ToggleScopeFilter | undefined;
  #states = new WeakMap<RequestContext, RequestState>();

  /** The filter in force; undefined when the toggle is off or global. */
  get filter(): ToggleScopeFilter | undefined {
    return this.#filter;
  }

  /** Gates lines below `floor` (a pino level value) to requests matching `filter`. */
  open(filter: ToggleScopeFilter, floor: number): void {
    this.#filter = filter;
    this.floor = floor;
  }

  close(): void {
    this.floor = 0;
    this.#filter = undefined;
    this.#states = new WeakMap();
  }

  /** Remembers a request begun while scoped by route, so its lines can find their route. */
  track(state: RequestState): void {
    this.#states.set(state.request, state);
  }

  /** The route template as far as it is known now, as the request's pass looks it up. */
  routeNow(state: RequestState): string | undefined {
    return state.pass.routeNow(state);
  }

  /** True when nothing filters, or the route (or exact path) and the user match. */
  matches(route: string | undefined, path: string | undefined, userId: string | undefined): boolean {
    const filter = this.#filter;
    if (filter === undefined) return true;
    if (filter.userId !== undefined && userId !== filter.userId) return false;
    return filter.route === undefined || route === filter.route || path === filter.route;
  }

  /** False only when the request's route is already known (at its start) and is another one. */
  mayMatch(state: RequestState): boolean {
    const filter = this.#filter;
    if (filter?.route === undefined || state.path === filter.route) return true;
    const route = this.routeNow(state);
    return route === undefined || route === filter.route;
  }

  allows(mergeObject: unknown, recordLogger: boolean): boolean {
    if (this.#filter === undefined) return true;
    if (recordLogger) {
      // Access lines and request dumps are written after the request's context is gone; they carry its fields.
      if (typeof mergeObject !== 'object' || mergeObject === null) return false;
      const line = mergeObject as { route?: unknown; path?: unknown; user_id?: unknown };
      return this.matches(stringField(line.route), stringField(line.path), stringField(line.user_id));
    }
    const request = getRequestContext(context.active());
    if (request === undefined) return false;
    const state = this.#states.get(request);
    return this.matches(state === undefined ? request.route : this.routeNow(state), state?.path, request.userId);
  }
}
