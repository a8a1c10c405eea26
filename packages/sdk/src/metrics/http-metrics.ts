import { Gauge, type Registry } from 'prom-client';
import { BoundHistogramMetric, type HistogramSeries } from './bound-histogram.js';
import type { SeriesGuard } from './series-guard.js';

export interface HttpMetricsOptions {
  readonly prefix: string;
  readonly durationBuckets: readonly number[];
  readonly sizeBuckets: readonly number[];
  readonly guardFor: (metric: string) => SeriesGuard;
}

interface StatusSeries {
  readonly duration: HistogramSeries;
  readonly responseSize: HistogramSeries;
}

/**
 * The series of one (method, route template): resolved on the first request of that route,
 * then reused, so a request's metric work is a map lookup by status and two observe() calls.
 */
export class RouteSeries {
  readonly #metrics: HttpServerMetrics;
  readonly #method: string;
  readonly #route: string;
  readonly #byStatus = new Map<number, StatusSeries>();
  #requestSize: HistogramSeries | undefined;
  #generation: number;

  constructor(metrics: HttpServerMetrics, method: string, route: string) {
    this.#metrics = metrics;
    this.#method = method;
    this.#route = route;
    this.#generation = metrics.duration.generation;
  }

  #fresh(): void {
    if (this.#generation === this.#metrics.duration.generation) return;
    this.#byStatus.clear();
    this.#requestSize = undefined;
    this.#generation = this.#metrics.duration.generation;
  }

  status(code: number): StatusSeries {
    this.#fresh();
    let series = this.#byStatus.get(code);
    if (series === undefined) {
      const values = [this.#method, this.#route, String(code)];
      series = { duration: this.#metrics.duration.series(values), responseSize: this.#metrics.responseSize.series(values) };
      this.#byStatus.set(code, series);
    }
    return series;
  }

  requestSize(): HistogramSeries {
    this.#fresh();
    this.#requestSize ??= this.#metrics.requestSize.series([this.#method, this.#route]);
    return this.#requestSize;
  }
}

/**
 * HTTP server metrics named by translating the OpenTelemetry semantic conventions to
 * Prometheus (what the Collector's Prometheus exporter produces), so dashboards work the
 * same whether the SDK is scraped directly or exports through a Collector.
 */
export class HttpServerMetrics {
  readonly duration: BoundHistogramMetric;
  readonly requestSize: BoundHistogramMetric;
  readonly responseSize: BoundHistogramMetric;
  activeRequests = 0;
  /** method → route → series: two lookups, no key string built per request. */
  readonly #routes = new Map<string, Map<string, RouteSeries>>();

  constructor(registry: Registry, options: HttpMetricsOptions) {
    const p = options.prefix;
    const statusLabels = ['http_request_method', 'http_route', 'http_response_status_code'];
    this.duration = new BoundHistogramMetric({
      name: `${p}http_server_request_duration_seconds`,
      help: 'Duration of HTTP server requests.',
      labelNames: statusLabels,
      buckets: options.durationBuckets,
      guard: options.guardFor(`${p}http_server_request_duration_seconds`),
    });
    this.requestSize = new BoundHistogramMetric({
      name: `${p}http_server_request_body_size_bytes`,
      help: 'Size of HTTP server request bodies (from Content-Length).',
      labelNames: ['http_request_method', 'http_route'],
      buckets: options.sizeBuckets,
      guard: options.guardFor(`${p}http_server_request_body_size_bytes`),
    });
    this.responseSize = new BoundHistogramMetric({
      name: `${p}http_server_response_body_size_bytes`,
      help: 'Size of HTTP server response bodies (from Content-Length).',
      labelNames: statusLabels,
      buckets: options.sizeBuckets,
      guard: options.guardFor(`${p}http_server_response_body_size_bytes`),
    });
    registry.registerMetric(this.duration as never);
    registry.registerMetric(this.requestSize as never);
    registry.registerMetric(this.responseSize as never);
    const self = this;
    new Gauge({
      name: `${p}http_server_active_requests`,
      help: 'Number of HTTP server requests in flight.',
      registers: [registry],
      collect() {
        this.set(self.activeRequests);
      },
    });
  }

  /** Series holder for a route; `route` must be a template (or the fixed unmatched value). */
  route(method: string, route: string): RouteSeries {
    let byRoute = this.#routes.get(method);
    if (byRoute === undefined) {
      byRoute = new Map();
      this.#routes.set(method, byRoute);
    }
    let series = byRoute.get(route);
    if (series === undefined) {
      series = new RouteSeries(this, method, route);
      byRoute.set(route, series);
    }
    return series;
  }
}
