import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import type { ResolvedMetricsOptions } from '../config/index.js';
import { BoundHistogramMetric } from './bound-histogram.js';
import { BusinessMetrics } from './business.js';
import { contentTypeFor, type ExpositionFormat, negotiateFormat, renderMetrics } from './exposition.js';
import { HttpServerMetrics } from './http-metrics.js';
import { SeriesGuard } from './series-guard.js';

export interface MetricsSetup {
  /** The observer's own prom-client registry: register anything prom-client can. */
  readonly registry: Registry;
  readonly http: HttpServerMetrics;
  readonly business: BusinessMetrics;
  /** http_client_request_duration_seconds, observed by observer.fetch. */
  readonly httpClientDuration: BoundHistogramMetric;
  /** Lines dropped by log sampling, by level. */
  readonly logLinesSampledOut: Counter<'level'>;
  /** Lines the log destinations dropped (backlog past the bound, write failure, after close). */
  readonly logLinesDropped: Counter;
  /** Spans the exporter dropped, by reason (queue-full, export-failed, encode-failed). */
  readonly spansDropped: Counter<'reason'>;
  /** Failures inside Sightline that were contained instead of reaching the app. */
  readonly internalErrors: Counter<'component'>;
  render(accept: string | undefined): Promise<{ contentType: string; body: string; format: ExpositionFormat }>;
}

export interface MetricsSetupOptions {
  readonly metrics: ResolvedMetricsOptions;
  readonly defaultLabels?: Record<string, string>;
  /** Told once per metric when it first folds a label set into __overflow__. */
  readonly onFirstOverflow: (metric: string, limit: number) => void;
  /** Log lines the destinations dropped so far (read at scrape time). */
  readonly droppedLogLines?: () => number;
}

type GuardFor = (metric: string, limit?: number) => SeriesGuard;

/** Series guards for every metric, sharing one overflow counter; the first overflow of each metric is told once. */
function createGuards(registry: Registry, options: MetricsSetupOptions): GuardFor {
  const { metrics } = options;
  const overflow = new Counter({
    name: `${metrics.prefix}sightline_metric_series_overflow_total`,
    help: 'Label sets folded into __overflow__ because a metric reached its series limit.',
    labelNames: ['metric'],
    registers: [registry],
  });
  const warned = new Set<string>();
  const onOverflow = (metric: string, limit: number) => {
    overflow.inc({ metric });
    if (!warned.has(metric)) {
      warned.add(metric);
      options.onFirstOverflow(metric, limit);
    }
  };
  return (metric, limit) => new SeriesGuard(metric, limit ?? metrics.maxSeriesPerMetric, onOverflow);
}

function createHttpClientDuration(registry: Registry, metrics: ResolvedMetricsOptions, guardFor: GuardFor): BoundHistogramMetric {
  const name = `${metrics.prefix}http_client_request_duration_seconds`;
  const histogram = new BoundHistogramMetric({
    name,
    help: 'Duration of outbound HTTP requests made with observer.fetch.',
    labelNames: ['http_request_method', 'server_address', 'server_port', 'http_response_status_code'],
    buckets: metrics.durationBuckets,
    guard: guardFor(name),
  });
  registry.registerMetric(histogram as never);
  return histogram;
}

type SelfMetrics = Pick<MetricsSetup, 'logLinesSampledOut' | 'logLinesDropped' | 'spansDropped' | 'internalErrors'>;

/** Sightline's own health: what it dropped and what failed inside it. */
function createSelfMetrics(registry: Registry, prefix: string, droppedLogLines: (() => number) | undefined): SelfMetrics {
  return {
    logLinesSampledOut: new Counter({
      name: `${prefix}sightline_log_lines_sampled_out_total`,
      help: 'Log lines dropped by sampling.',
      labelNames: ['level'],
      registers: [registry],
    }),
    logLinesDropped: new Counter({
      name: `${prefix}sightline_log_lines_dropped_total`,
      help: 'Log lines never written or exported: their destination stayed behind past its pending-memory bound, failed, or was closed.',
      registers: [registry],
      collect() {
        // The writers count; the counter shows their total at scrape time.
        const total = droppedLogLines?.() ?? 0;
        this.reset();
        this.inc(total);
      },
    }),
    spansDropped: new Counter({
      name: `${prefix}sightline_spans_dropped_total`,
      help: 'Sampled spans that were never exported, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    internalErrors: new Counter({
      name: `${prefix}sightline_internal_errors_total`,
      help: 'Errors inside Sightline instrumentation, contained so they never reach the app.',
      labelNames: ['component'],
      registers: [registry],
    }),
  };
}

/** The registry and everything registered in it, in exposition order. */
export function createMetricsSetup(options: MetricsSetupOptions): MetricsSetup {
  const { metrics } = options;
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  const prefix = metrics.prefix;
  const guardFor = createGuards(registry, options);
  if (metrics.defaultMetrics)
    collectDefaultMetrics({ register: registry, prefix, eventLoopMonitoringPrecision: metrics.eventLoopSampleMs });
  const http = new HttpServerMetrics(registry, {
    prefix,
    durationBuckets: metrics.durationBuckets,
    sizeBuckets: metrics.sizeBuckets,
    guardFor,
  });
  const httpClientDuration = createHttpClientDuration(registry, metrics, guardFor);
  const business = new BusinessMetrics(registry, prefix, guardFor);
  return {
    registry,
    http,
    httpClientDuration,
    business,
    ...createSelfMetrics(registry, prefix, options.droppedLogLines),
    async render(accept) {
      const format = negotiateFormat(accept);
      return { format, contentType: contentTypeFor(format), body: await renderMetrics(registry, format) };
    },
  };
}
