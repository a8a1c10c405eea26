import type { Counter, Gauge } from 'prom-client';
import { BoundHistogramMetric, type HistogramSeries, SeriesGuard } from '../metrics/index.js';
import type { Observer } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';

/** What the gauges read from a pg Pool at scrape time. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly ended?: boolean;
  readonly options: { readonly max?: number | undefined };
}

/** OpenTelemetry's advisory boundaries for db.client.operation.duration. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];
const POOL_LABEL = 'db_client_connection_pool_name';

/**
 * The database client metrics of one observer, shared by every pool instrumented with it:
 * declared once (a registry refuses a second declaration), and the pool gauges read each
 * registered pool when Prometheus scrapes, so no timer runs between scrapes.
 */
export class DbClientMetrics {
  readonly duration: BoundHistogramMetric;
  readonly errors: Counter<'db_operation_name' | 'db_collection_name' | 'error_type'>;
  readonly #pools = new Map<string, PoolCounts>();

  constructor(observer: Observer) {
    const { prefix, maxSeriesPerMetric } = observer.options.metrics;
    const name = `${prefix}db_client_operation_duration_seconds`;
    this.duration = new BoundHistogramMetric({
      name,
      help: 'Duration of database client operations (OpenTelemetry db.client.operation.duration).',
      labelNames: ['db_system_name', 'db_operation_name', 'db_collection_name'],
      buckets: DURATION_BUCKETS,
      guard: new SeriesGuard(name, maxSeriesPerMetric, overflowReporter(observer)),
    });
    observer.metrics.registry.registerMetric(this.duration as never);
    this.errors = observer.metrics.counter({
      name: 'db_client_errors_total',
      help: 'Database client operations that failed, by error type (the SQLSTATE for server errors).',
      labelNames: ['db_operation_name', 'db_collection_name', 'error_type'],
    });
    this.#declareGauges(observer);
  }

  /** Registers a pool under a name unique in this observer. */
  addPool(name: string, pool: PoolCounts): void {
    if (this.#pools.has(name)) {
      throw new SightlineConfigError([
        `instrumentPool name: a pool named "${name}" is already instrumented with this observer; pass a distinct options.name`,
      ]);
    }
    this.#pools.set(name, pool);
  }

  durationSeries(operation: string, collection: string): HistogramSeries {
    return this.duration.series(['postgresql', operation, collection]);
  }

  #declareGauges(observer: Observer): void {
    const pools = this.#pools;
    observer.metrics.gauge({
      name: 'db_client_connections_usage',
      help: 'Connections in each pool by state, idle or used (OpenTelemetry db.client.connection.count).',
      labelNames: [POOL_LABEL, 'state'],
      collect() {
        this.reset();
        for (const [name, pool] of pools) {
          if (pool.ended === true) continue;
          this.set({ [POOL_LABEL]: name, state: 'idle' }, pool.idleCount);
          this.set({ [POOL_LABEL]: name, state: 'used' }, pool.totalCount - pool.idleCount);
        }
      },
    });
    this.#poolGauge(observer, 'db_client_connections_max', 'Maximum connections each pool may open (db.client.connection.max).', (pool) =>
      // pg-pool's default when the app sets no max.
      Number(pool.options.max ?? 10),
    );
    this.#poolGauge(
      observer,
      'db_client_connections_pending_requests',
      'Checkouts waiting for a free connection in each pool (db.client.connection.pending_requests).',
      (pool) => pool.waitingCount,
    );
  }

  #poolGauge(observer: Observer, name: string, help: string, read: (pool: PoolCounts) => number): Gauge<typeof POOL_LABEL> {
    const pools = this.#pools;
    return observer.metrics.gauge({
      name,
      help,
      labelNames: [POOL_LABEL],
      collect(this: Gauge<typeof POOL_LABEL>) {
        this.reset();
        for (const [poolName, pool] of pools) {
          if (pool.ended !== true) this.set({ [POOL_LABEL]: poolName }, read(pool));
        }
      },
    });
  }
}

/** Same accounting as the observer's own guarded metrics: counted, and one warning per metric. */
function overflowReporter(observer: Observer): (metric: string, limit: number) => void {
  let warned = false;
  return (metric, limit) => {
    const counter = observer.metrics.registry.getSingleMetric(`${observer.options.metrics.prefix}sightline_metric_series_overflow_total`);
    (counter as Counter<'metric'> | undefined)?.inc({ metric });
    if (warned) return;
    warned = true;
    observer.logger.warn({ metric, limit }, 'metric reached its series limit; new label sets fold into __overflow__');
  };
}

const byObserver = new WeakMap<Observer, DbClientMetrics>();

/** The observer's database metrics, declared on first use. */
export function dbClientMetricsFor(observer: Observer): DbClientMetrics {
  let metrics = byObserver.get(observer);
  if (metrics === undefined) {
    metrics = new DbClientMetrics(observer);
    byObserver.set(observer, metrics);
  }
  return metrics;
}
