import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../ui/src/api/types.js';
import { pointsChart, summaryQuantileChart } from '../ui/src/components/metric-chart.js';
import { chartCaption, type MetricKind, metricViews, pickView } from '../ui/src/components/metric-views.js';

const scrape = (name: string, type: string): MetricKind => ({ name, type, source: 'scrape' });
const otlp = (name: string, type: string): MetricKind => ({ name, type, source: 'otlp' });

function sample(second: number, value: number, attributes: Record<string, unknown>, extra: Partial<MetricPoint> = {}): MetricPoint {
  return {
    service: 'orders-api',
    type: 'summary',
    attributes,
    timeUnixNano: (BigInt(1_764_000_000 + second) * 1_000_000_000n).toString(),
    value,
    count: null,
    min: null,
    max: null,
    detail: null,
    exemplars: [],
    source: 'scrape',
    temporality: null,
    startTimeUnixNano: null,
    monotonic: null,
    ...extra,
  };
}

describe('how each metric type is charted by default, and what else it offers', () => {
  it.each([
    ['an OTLP sum', otlp('orders.placed', 'sum'), ['rate', 'value']],
    ['a Prometheus counter', scrape('orders_total', 'counter'), ['rate', 'value']],
    ['an OTLP gauge', otlp('process.memory.usage', 'gauge'), ['value']],
    ['a Prometheus gauge', scrape('process_resident_memory_bytes', 'gauge'), ['value']],
    [
      "a Prometheus histogram's buckets",
      scrape('http_server_request_duration_seconds_bucket', 'histogram'),
      ['quantiles', 'rate', 'value'],
    ],
    ["a Prometheus histogram's _count", scrape('http_server_request_duration_seconds_count', 'histogram'), ['rate', 'value']],
    ["a Prometheus histogram's _sum", scrape('http_server_request_duration_seconds_sum', 'histogram'), ['rate', 'value']],
    ['an OTLP histogram', otlp('http.server.request.duration', 'histogram'), ['quantiles', 'mean']],
    ['an OTLP exponential histogram', otlp('db.client.operation.duration', 'exponentialHistogram'), ['quantiles', 'mean']],
    ["a Prometheus summary's quantiles", scrape('sightline_transaction_duration_seconds', 'summary'), ['value']],
    ["a Prometheus summary's _count", scrape('sightline_transaction_duration_seconds_count', 'summary'), ['rate', 'value']],
    ['an OTLP summary', otlp('rpc.duration', 'summary'), ['quantiles', 'mean']],
    ['an untyped sample', scrape('legacy_thing', 'untyped'), ['value']],
  ])('%s: %j', (_what, kind, views) => {
    expect(metricViews(kind)).toEqual(views);
    expect(pickView(metricViews(kind), undefined)).toBe(views[0]);
  });

  it('never offers a rate of a summary’s quantiles, even when the URL asks for one', () => {
    const views = metricViews(scrape('sightline_transaction_duration_seconds', 'summary'));
    expect(pickView(views, 'rate')).toBe('value');
    expect(pickView(metricViews(scrape('orders_total', 'counter')), 'value')).toBe('value');
  });

  it('draws every quantile line of a scraped summary as its values, a flat one too (GET /users q=0.5 stays at 8 ms, not 0)', () => {
    const flat = { http_route: '/users', quantile: '0.5' };
    const moving = { http_route: '/orders', quantile: '0.99' };
    const points = [
      sample(0, 0.008, flat),
      sample(15, 0.008, flat),
      sample(30, 0.008, flat),
      sample(0, 0.02, moving),
      sample(15, 0.03, moving),
      sample(30, 0.025, moving),
    ];
    const kind = scrape('sightline_transaction_duration_seconds', 'summary');
    const chart = pointsChart(points, pickView(metricViews(kind), undefined));
    expect(chart.modes).toEqual(['value', 'value']);
    // Series in label order (series-order.ts): /orders before /users.
    expect(chart.series.map((series) => series.values)).toEqual([
      [0.02, 0.03, 0.025],
      [0.008, 0.008, 0.008],
    ]);
    const caption = chartCaption('value', kind, chart.modes);
    expect(caption).toContain('quantiles the service computed');
    expect(caption).not.toContain('per-second rate');
  });

  it('joins each line across the instants only another series was scraped at, and keeps a null of its own as a gap', () => {
    const orders = { http_route: '/orders' };
    const users = { http_route: '/users' };
    const points = [sample(0, 1, orders), sample(15, 2, orders), sample(5, 7, users), sample(20, 8, users)];
    const chart = pointsChart(points, 'value');
    expect(chart.times.map((time) => time / 1000 - 1_764_000_000)).toEqual([0, 5, 15, 20]);
    expect(chart.series.map((series) => series.values)).toEqual([
      [1, undefined, 2, undefined],
      [undefined, 7, undefined, 8],
    ]);
    // A counter's first point has no rate: a null, drawn as a gap.
    expect(pointsChart([sample(0, 10, orders), sample(15, 40, orders)], 'rate').series[0]?.values).toEqual([null, 2]);
  });

  it('says what is drawn for each reading', () => {
    expect(chartCaption('rate', scrape('orders_total', 'counter'), ['rate'])).toMatch(/^Charted as a per-second rate/);
    expect(chartCaption('value', scrape('orders_total', 'counter'), ['value'])).toContain('counter’s values as stored');
    expect(chartCaption('value', otlp('process.memory.usage', 'gauge'), ['value'])).toContain('gauge’s values');
    expect(chartCaption('mean', otlp('http.server.request.duration', 'histogram'), ['mean'])).toContain('mean per interval');
    // An OTLP sum whose values go down is an up-down counter: its line is values, and the caption says so.
    expect(chartCaption('rate', otlp('queue.depth', 'sum'), ['rate', 'value'])).toContain('charted as their values');
  });

  it("draws an OTLP summary's stored quantiles as values, a line per quantile", () => {
    const point = (second: number, p50: number, p99: number) =>
      sample(
        second,
        10,
        {},
        {
          source: 'otlp',
          count: 4,
          detail: {
            quantileValues: [
              { quantile: 0.99, value: p99 },
              { quantile: 0.5, value: p50 },
            ],
          },
        },
      );
    const chart = summaryQuantileChart([point(0, 1, 9), point(30, 2, 8)]);
    expect(chart.series.map((series) => series.label)).toEqual(['q0.5 orders-api', 'q0.99 orders-api']);
    expect(chart.series.map((series) => series.values)).toEqual([
      [1, 2],
      [9, 8],
    ]);
  });
});
