import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricPointRow, openStore, type ScrapeSampleRow, type Store } from '../../src/server/store/index.js';
import { tempDir } from './disk.js';

// A scraped Prometheus histogram's quantiles, summed in DuckDB: each `_bucket` series is a
// cumulative counter whose increases between scrapes are summed per `le` in steps of the scrape
// interval, across label sets, with counter resets read as a restart from zero.

const START = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z, a multiple of 15 s
const SECOND = 1_000_000_000n;
const NAME = 'http_server_request_duration_seconds_bucket';
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
let store: Store;
let remove: () => void;

/** One scrape of a label set: cumulative counts for le 0.1, 0.5, 1, +Inf. */
function scrape(second: number, counts: [number, number, number, number], route: string, job = 'orders-api'): ScrapeSampleRow[] {
  return ['0.1', '0.5', '1', '+Inf'].map((le, i) => ({
    timeUnixNano: START + BigInt(second) * SECOND,
    target: `http://127.0.0.1:9464/metrics#${job}`,
    job,
    name: NAME,
    metricType: 'histogram',
    labels: { http_route: route, le },
    value: counts[i]!,
    // Every scrape repeats the same exemplar on the 1 s bucket, as a Prometheus target does.
    ...(le === '1' && counts[2] > counts[1]
      ? { exemplar: { timeUnixNano: START + 20n * SECOND, value: 0.75, traceId: TRACE_ID, spanId: 'eee19b7ec3c1b174' } }
      : {}),
  }));
}

const timeMs = (second: number) => Number(START / 1_000_000n) + second * 1000;

const OTLP_NAME = 'http.server.request.duration';
/** One OTLP export of a histogram series: per-bucket counts for (0, 0.1], (0.1, 0.5], (0.5, 1], (1, +Inf). */
function otlpPoint(
  second: number,
  counts: [number, number, number, number],
  route: string,
  options: { service?: string; temporality?: 1 | 2; startSecond?: number; name?: string } = {},
): MetricPointRow {
  return {
    type: 'histogram',
    serviceName: options.service ?? 'orders-api',
    name: options.name ?? OTLP_NAME,
    unit: 's',
    attributes: { 'http.route': route },
    timeUnixNano: START + BigInt(second) * SECOND,
    startTimeUnixNano: START + BigInt(options.startSecond ?? -100) * SECOND,
    count: counts.reduce((sum, count) => sum + count, 0),
    sum: 0,
    bucketCounts: counts,
    explicitBounds: [0.1, 0.5, 1],
    aggregationTemporality: options.temporality ?? 2,
    ...(counts[2] > 0
      ? {
          exemplars: [
            {
              timeUnixNano: START + BigInt(second) * SECOND,
              value: 0.8,
              traceId: TRACE_ID,
              spanId: `aaa19b7ec3c1b1${String(second).padStart(2, '0')}`,
            },
          ],
        }
      : {}),
  };
}

beforeAll(async () => {
  const temp = tempDir('quantiles');
  remove = temp.remove;
  store = await openStore({ path: `${temp.dir}/console.duckdb`, clock: () => Number(START / 1_000_000n) });
  await store.appendScrapeSamples([
    // /orders: 100 fast requests before t=15; 10 between 0.5 and 1 s in (15, 30]; a restart, then 4 in (30, 45].
    ...scrape(0, [0, 0, 0, 0], '/orders'),
    ...scrape(15, [100, 100, 100, 100], '/orders'),
    ...scrape(30, [100, 100, 110, 110], '/orders'),
    ...scrape(45, [2, 4, 4, 4], '/orders'),
    // /users on another job, scraped a second off: 10 requests between 0.5 and 1 s in (0, 15].
    ...scrape(1, [0, 0, 0, 0], '/users', 'users-api'),
    ...scrape(14, [0, 0, 10, 10], '/users', 'users-api'),
  ]);
  await store.appendMetricPoints([
    // The same traffic over OTLP, cumulative, exported every 15 s: per-bucket counts, not per le.
    otlpPoint(0, [0, 0, 0, 0], '/orders'),
    otlpPoint(15, [100, 0, 0, 0], '/orders'),
    otlpPoint(30, [100, 0, 10, 0], '/orders'),
    // The service restarted: a new start time, counting from zero.
    otlpPoint(45, [2, 2, 0, 0], '/orders', { startSecond: 40 }),
    otlpPoint(1, [0, 0, 0, 0], '/users', { service: 'users-api' }),
    otlpPoint(14, [0, 0, 10, 0], '/users', { service: 'users-api' }),
    // A delta exporter: each point is its own interval's counts.
    otlpPoint(15, [0, 4, 0, 0], '/orders', { temporality: 1, name: 'rpc.server.duration' }),
    otlpPoint(30, [0, 0, 0, 2], '/orders', { temporality: 1, name: 'rpc.server.duration' }),
    // An exponential histogram in ms, cumulative: scale 0 (base 2), buckets (8, 16] and (16, 32]; then rescaled to -1
    // (base 4): (4, 16] and (16, 64].
    ...[
      { second: 0, scale: 0, offset: 3, counts: [0, 0] },
      { second: 15, scale: 0, offset: 3, counts: [2, 2] },
      { second: 30, scale: -1, offset: 1, counts: [4, 6] },
    ].map(
      ({ second, scale, offset, counts }): MetricPointRow => ({
        type: 'exponentialHistogram',
        serviceName: 'orders-api',
        name: 'db.client.operation.duration',
        unit: 'ms',
        attributes: {},
        timeUnixNano: START + BigInt(second) * SECOND,
        startTimeUnixNano: START - 100n * SECOND,
        count: counts[0]! + counts[1]!,
        sum: 0,
        scale,
        zeroCount: 0,
        positive: { offset, bucketCounts: counts },
        negative: { offset: 0, bucketCounts: [] },
        aggregationTemporality: 2,
      }),
    ),
  ]);
});
afterAll(async () => {
  await store?.close();
  remove?.();
});

describe('metricQuantiles over scraped _bucket series', () => {
  it('sums every label set per le in steps of the scrape interval and interpolates as histogram_quantile', async () => {
    const answer = await store.metricQuantiles({ name: NAME, quantiles: [0.5, 0.99], since: START - 60n * SECOND });
    expect(answer.stepMs).toBe(15_000);
    expect(answer.times).toEqual([timeMs(15), timeMs(30), timeMs(45)]);
    const [p50, p99] = answer.lines as [(number | null)[], (number | null)[]];
    // (0, 15]: 100 under 0.1 s from /orders and 10 in (0.5, 1] from /users: the median 0.055 s.
    expect(p50[0]).toBeCloseTo(0.055, 10);
    expect(p99[0]).toBeCloseTo(0.5 + (0.5 * (108.9 - 100)) / 10, 10);
    // (15, 30]: 10 requests in (0.5, 1].
    expect(p50[1]).toBeCloseTo(0.75, 10);
    // (30, 45]: the counter went down (a restart): its value counts; 2 under 0.1 s, 2 in (0.1, 0.5].
    expect(p50[2]).toBeCloseTo(0.1, 10);
  });

  it('narrows to a job and labels, ignoring le in the filter', async () => {
    const answer = await store.metricQuantiles({
      name: NAME,
      quantiles: [0.5],
      since: START - 60n * SECOND,
      service: 'orders-api',
      attributes: { http_route: '/orders', le: '0.1' },
    });
    expect(answer.times).toEqual([timeMs(15), timeMs(30), timeMs(45)]);
    expect(answer.lines[0]![0]).toBeCloseTo(0.05, 10);
    const users = await store.metricQuantiles({ name: NAME, quantiles: [0.5], since: START - 60n * SECOND, service: 'users-api' });
    expect(users.lines[0]).toHaveLength(1);
    expect(users.lines[0]![0]).toBeCloseTo(0.75, 10);
  });

  it('gives each exemplar once however many scrapes repeated it', async () => {
    const answer = await store.metricQuantiles({ name: NAME, quantiles: [0.5], since: START - 60n * SECOND });
    expect(answer.exemplars).toEqual([{ timeUnixNano: START + 20n * SECOND, value: 0.75, traceId: TRACE_ID, spanId: 'eee19b7ec3c1b174' }]);
  });

  it('gives no steps for a name with one scrape or none', async () => {
    expect(await store.metricQuantiles({ name: 'missing_bucket', quantiles: [0.5] })).toEqual({
      stepMs: 0,
      times: [],
      lines: [[]],
      exemplars: [],
    });
  });
});

describe('metricQuantiles over OTLP explicit-bucket histograms', () => {
  it('gives the same quantiles as the scraped family of the same traffic: cumulative increases, a restart counted from zero', async () => {
    const otlp = await store.metricQuantiles({ name: OTLP_NAME, quantiles: [0.5, 0.99], since: START - 60n * SECOND });
    const scraped = await store.metricQuantiles({ name: NAME, quantiles: [0.5, 0.99], since: START - 60n * SECOND });
    expect(otlp.stepMs).toBe(15_000);
    expect(otlp.times).toEqual(scraped.times);
    for (const [index, line] of otlp.lines.entries()) {
      for (const [step, value] of line.entries()) expect(value).toBeCloseTo(scraped.lines[index]![step]!, 10);
    }
  });

  it('narrows to a service and attributes', async () => {
    const users = await store.metricQuantiles({ name: OTLP_NAME, quantiles: [0.5], since: START - 60n * SECOND, service: 'users-api' });
    // Its own points are 13 s apart: one step of that.
    expect(users.stepMs).toBe(13_000);
    expect(users.times).toHaveLength(1);
    expect(users.lines[0]![0]).toBeCloseTo(0.75, 10);
    const orders = await store.metricQuantiles({
      name: OTLP_NAME,
      quantiles: [0.5],
      since: START - 60n * SECOND,
      attributes: { 'http.route': '/orders' },
    });
    expect(orders.lines[0]![0]).toBeCloseTo(0.05, 10);
  });

  it("reads each delta point as its own interval, and carries the points' exemplars once each", async () => {
    const delta = await store.metricQuantiles({ name: 'rpc.server.duration', quantiles: [0.5], since: START - 60n * SECOND });
    expect(delta.times).toEqual([timeMs(15), timeMs(30)]);
    // 4 in (0.1, 0.5]: the median 0.3; then 2 above 1 s: the highest finite bound.
    expect(delta.lines[0]![0]).toBeCloseTo(0.3, 10);
    expect(delta.lines[0]![1]).toBe(1);
    const otlp = await store.metricQuantiles({ name: OTLP_NAME, quantiles: [0.5], since: START - 60n * SECOND });
    expect(otlp.exemplars.map((exemplar) => exemplar.spanId)).toEqual(['aaa19b7ec3c1b114', 'aaa19b7ec3c1b130']);
  });
});

describe('metricQuantiles over OTLP exponential histograms', () => {
  it('reads their buckets as explicit ones, across a rescale', async () => {
    const answer = await store.metricQuantiles({
      name: 'db.client.operation.duration',
      quantiles: [0.25, 0.5],
      since: START - 60n * SECOND,
    });
    expect(answer.times).toEqual([timeMs(15), timeMs(30)]);
    const [p25, p50] = answer.lines as [(number | null)[], (number | null)[]];
    // (0, 15]: 2 in (8, 16], 2 in (16, 32]: p25 halfway into the first, p50 at its top.
    expect(p25[0]).toBeCloseTo(12, 10);
    expect(p50[0]).toBeCloseTo(16, 10);
    // (15, 30]: the previous counts read at base 4's bounds: 16 held 2, now 4; 64 held 4, now 10: +2 in (4, 16], +4 in (16, 64].
    expect(p25[1]).toBeCloseTo(4 + 12 * (1.5 / 2), 10);
    expect(p50[1]).toBeCloseTo(16 + 48 * (1 / 4), 10);
  });
});
