import type { Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import type { ResolvedApmOptions } from '../config/index.js';
import type { RequestPass } from '../http/index.js';
import { registerApmMetrics } from './apm-metrics.js';
import type { ApmWindow, RouteSummary } from './route-record.js';
import { runTransaction, Transaction, type TransactionOptions } from './transaction.js';
import { TransactionStats } from './transaction-stats.js';

export interface Apm {
  /** False with `apm.enabled: false`: transactions still make spans, summary() is empty. */
  readonly enabled: boolean;
  /** A transaction (a span of the observer's tracer) that you end yourself. */
  startTransaction(name: string, options?: TransactionOptions): Transaction;
  /** Runs `fn` in an active transaction; result `success`, or `error` with the exception recorded. */
  transaction<T>(name: string, fn: (transaction: Transaction) => T, options?: TransactionOptions): T;
  /** Per (method, route): count, errors, error rate, p50/p95/p99, Apdex, over a window (default `all`). */
  summary(window?: ApmWindow): RouteSummary[];
}

export interface ApmSetupOptions {
  readonly tracer: Tracer;
  readonly http: RequestPass;
  readonly apm: ResolvedApmOptions;
  /** Where the scrape-time families go; undefined when metrics are off. */
  readonly registry: Registry | undefined;
  readonly prefix: string;
  readonly onRouteOverflow: (maxRoutes: number) => void;
  /** Clock of the windows; RequestState.startedAt's (performance.now()) unless a test says otherwise. */
  readonly now?: () => number;
}

/** Transactions over the observer's tracer, and per-route statistics fed by the request pass. */
export function createApm(options: ApmSetupOptions): Apm {
  const { tracer, apm: config } = options;
  const stats = config.enabled
    ? new TransactionStats({
        apdexThresholdMs: config.apdexThresholdMs,
        routes: config.routes,
        maxRoutes: config.maxRoutes,
        onRouteOverflow: options.onRouteOverflow,
        ...(options.now ? { now: options.now } : {}),
      })
    : undefined;
  if (stats !== undefined) {
    options.http.addListener(stats);
    if (options.registry !== undefined) registerApmMetrics(options.registry, options.prefix, stats);
  }
  return {
    enabled: stats !== undefined,
    startTransaction: (name, transactionOptions) => new Transaction(tracer, name, transactionOptions),
    transaction: (name, fn, transactionOptions) => runTransaction(tracer, name, fn, transactionOptions),
    summary: (window = 'all') => stats?.summary(window) ?? [],
  };
}
