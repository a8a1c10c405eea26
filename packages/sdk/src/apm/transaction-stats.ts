import type { RequestOutcome, RequestPassListener, RequestState } from '../http/index.js';
import { OVERFLOW_VALUE } from '../metrics/index.js';
import { type ApmWindow, RouteRecord, type RouteSummary } from './route-record.js';

export interface TransactionStatsOptions {
  /** Apdex T, in ms, for routes without their own. */
  readonly apdexThresholdMs: number;
  /** Per-route T: keys `METHOD /route` (wins) or `/route` (any method). */
  readonly routes?: Readonly<Record<string, { readonly apdexThresholdMs: number }>>;
  /** (method, route) pairs tracked; later ones fold into one `__overflow__` record. */
  readonly maxRoutes: number;
  /** The clock windows are read on; must be the one RequestState.startedAt uses. */
  readonly now?: () => number;
  /** Told once, when the first pair past maxRoutes folds. */
  readonly onRouteOverflow?: (maxRoutes: number) => void;
}

const performanceNow = () => performance.now();

/**
 * Per-route transaction statistics, fed by the request pass's finish listener. The hot path
 * is two Map lookups (route, then method: no key string is built) and RouteRecord.record();
 * a route's record and its Apdex T are resolved once, on its first request.
 */
export class TransactionStats implements RequestPassListener {
  readonly #options: TransactionStatsOptions;
  readonly #now: () => number;
  readonly #byRoute = new Map<string, Map<string, RouteRecord>>();
  #size = 0;
  #overflow: RouteRecord | undefined;

  constructor(options: TransactionStatsOptions) {
    this.#options = options;
    this.#now = options.now ?? performanceNow;
  }

  /** RequestPass finish listener: the request finished at startedAt + durationMs, on performance.now()'s clock. */
  onFinish(state: RequestState, outcome: RequestOutcome): void {
    this.#recordFor(state.method, outcome.route).record(outcome.durationMs, outcome.status, state.startedAt + outcome.durationMs);
  }

  record(method: string, route: string, status: number, durationMs: number, nowMs: number = this.#now()): void {
    this.#recordFor(method, route).record(durationMs, status, nowMs);
  }

  #recordFor(method: string, route: string): RouteRecord {
    const methods = this.#byRoute.get(route);
    const found = methods?.get(method);
    return found ?? this.#create(method, route, methods);
  }

  #create(method: string, route: string, methods: Map<string, RouteRecord> | undefined): RouteRecord {
    const options = this.#options;
    if (this.#size >= options.maxRoutes) {
      if (this.#overflow === undefined) {
        this.#overflow = new RouteRecord(OVERFLOW_VALUE, OVERFLOW_VALUE, options.apdexThresholdMs);
        options.onRouteOverflow?.(options.maxRoutes);
      }
      return this.#overflow;
    }
    const routes = options.routes ?? {};
    const thresholdMs = routes[`${method} ${route}`]?.apdexThresholdMs ?? routes[route]?.apdexThresholdMs ?? options.apdexThresholdMs;
    const record = new RouteRecord(method, route, thresholdMs);
    if (methods === undefined) this.#byRoute.set(route, new Map([[method, record]]));
    else methods.set(method, record);
    this.#size++;
    return record;
  }

  /** Every record, the overflow one last. */
  *records(): Generator<RouteRecord> {
    for (const methods of this.#byRoute.values()) yield* methods.values();
    if (this.#overflow !== undefined) yield this.#overflow;
  }

  /** Per (method, route), sorted by route then method. */
  summary(window: ApmWindow = 'all', nowMs: number = this.#now()): RouteSummary[] {
    const summaries = [...this.records()].map((record) => record.summary(window, nowMs));
    return summaries.sort((a, b) => (a.route === b.route ? compare(a.method, b.method) : compare(a.route, b.route)));
  }

  now(): number {
    return this.#now();
  }

  /** Forgets every route (prom-client's registry.resetMetrics() ends up here). */
  reset(): void {
    this.#byRoute.clear();
    this.#size = 0;
    this.#overflow = undefined;
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
