import type { Registry } from 'prom-client';
import { validateLabelNames, validateMetricName } from '../metrics/index.js';
import { SightlineMetricError } from '../sightline-error/index.js';
import { quantilesOf } from './latency-buckets.js';
import { APM_WINDOWS, type ApmWindow, apdexOf, SUMMARY_QUANTILES } from './route-record.js';
import type { TransactionStats } from './transaction-stats.js';

/** The window the exported latency quantiles cover (the summary's _sum and _count are cumulative). */
export const QUANTILE_WINDOW: ApmWindow = '5m';

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

type Kind = 'gauge' | 'summary';

/**
 * A metric family computed when Prometheus scrapes (prom-client's `get()` contract, like
 * BoundHistogramMetric): nothing is kept per series between scrapes.
 */
class ScrapeTimeFamily {
  readonly name: string;
  readonly help: string;
  readonly type: Kind;
  readonly aggregator = 'omit' as const;
  readonly #collect: (nowMs: number) => Sample[];
  readonly #stats: TransactionStats;

  constructor(name: string, help: string, type: Kind, stats: TransactionStats, collect: (nowMs: number) => Sample[]) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.#stats = stats;
    this.#collect = collect;
  }

  get() {
    return { name: this.name, help: this.help, type: this.type, values: this.#collect(this.#stats.now()), aggregator: this.aggregator };
  }

  async getForPromString() {
    return this.get();
  }

  /** registry.resetMetrics(): forget every route. */
  reset(): void {
    this.#stats.reset();
  }
}

const ROUTE_LABELS = ['http_request_method', 'http_route'] as const;

function windowSamples(stats: TransactionStats, nowMs: number, value: (count: number, errors: number, apdex: number) => number): Sample[] {
  const samples: Sample[] = [];
  for (const record of stats.records()) {
    for (const window of APM_WINDOWS) {
      const counts = record.counts(window, nowMs, false);
      if (counts.count === 0) continue; // an empty window has no score: no series rather than NaN
      samples.push({
        labels: { http_request_method: record.method, http_route: record.route, window },
        value: value(counts.count, counts.errors, apdexOf(counts) as number),
      });
    }
  }
  return samples;
}

function durationSamples(stats: TransactionStats, nowMs: number, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const record of stats.records()) {
    const labels = { http_request_method: record.method, http_route: record.route };
    const recent = record.counts(QUANTILE_WINDOW, nowMs, true);
    if (recent.count > 0) {
      const values = quantilesOf(recent.buckets ?? [], recent.count, SUMMARY_QUANTILES, recent.minMs, recent.maxMs);
      SUMMARY_QUANTILES.forEach((quantile, i) => {
        samples.push({ labels: { ...labels, quantile }, value: (values[i] as number) / 1000 });
      });
    }
    samples.push({ labels, value: record.all.sumMs / 1000, metricName: `${name}_sum` });
    samples.push({ labels, value: record.all.count, metricName: `${name}_count` });
  }
  return samples;
}

/**
 * Registers the APM families in the observer's registry. They are derived views: the request
 * counts and latency histogram stay with http_server_request_duration_seconds.
 */
export function registerApmMetrics(registry: Registry, prefix: string, stats: TransactionStats): void {
  const duration = `${prefix}sightline_transaction_duration_seconds`;
  const families = [
    new ScrapeTimeFamily(
      `${prefix}sightline_apdex_score`,
      'Apdex score (satisfied + tolerating / 2) / requests, per route and window (1m, 5m, all since start).',
      'gauge',
      stats,
      (nowMs) => windowSamples(stats, nowMs, (_count, _errors, apdex) => apdex),
    ),
    new ScrapeTimeFamily(
      `${prefix}sightline_apdex_threshold_seconds`,
      'Apdex threshold T per route: satisfied at or below T, tolerating at or below 4T.',
      'gauge',
      stats,
      () =>
        [...stats.records()].map((record) => ({
          labels: { http_request_method: record.method, http_route: record.route },
          value: record.thresholdMs / 1000,
        })),
    ),
    new ScrapeTimeFamily(
      `${prefix}sightline_transaction_error_ratio`,
      'Share of requests answered with status >= 500, per route and window (1m, 5m, all since start).',
      'gauge',
      stats,
      (nowMs) => windowSamples(stats, nowMs, (count, errors) => errors / count),
    ),
    new ScrapeTimeFamily(
      duration,
      `Request latency quantiles per route over the last ${QUANTILE_WINDOW} (log buckets, within 2 % relative error); _sum and _count since start.`,
      'summary',
      stats,
      (nowMs) => durationSamples(stats, nowMs, duration),
    ),
  ];
  for (const family of families) {
    validateMetricName(family.name, family.type);
    validateLabelNames(family.name, family.type === 'summary' ? ROUTE_LABELS : [...ROUTE_LABELS, 'window'], family.type);
    if (registry.getSingleMetric(family.name) !== undefined) {
      throw new SightlineMetricError('SL_METRIC_DUPLICATE', `metric "${family.name}" is already declared in this observer's registry`);
    }
  }
  for (const family of families) registry.registerMetric(family as never);
}
