import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

// OTLP metrics through the whole console (receiver, worker decode, DuckDB, API): each kind the
// issue names (gauge, sum, histogram, exponential histogram) read back with its values.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

let running: RunningConsole;
const startNs = (BigInt(Date.now()) - 60_000n) * 1_000_000n;
const timeNs = startNs + 30_000_000_000n;

beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  const times = { startTimeUnixNano: startNs.toString(), timeUnixNano: timeNs.toString() };
  const request = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'metrics-kinds' } }] },
        scopeMetrics: [
          {
            scope: { name: 'kinds' },
            metrics: [
              {
                name: 'queue.depth',
                unit: '{item}',
                gauge: {
                  dataPoints: [
                    { timeUnixNano: timeNs.toString(), asInt: '7', attributes: [{ key: 'queue', value: { stringValue: 'orders' } }] },
                  ],
                },
              },
              { name: 'orders.placed', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ ...times, asDouble: 12 }] } },
              { name: 'orders.open', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ ...times, asDouble: 3 }] } },
              {
                name: 'request.duration',
                unit: 's',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      ...times,
                      count: '3',
                      sum: 0.6,
                      min: 0.05,
                      max: 0.4,
                      bucketCounts: ['1', '2', '0'],
                      explicitBounds: [0.1, 0.5],
                      exemplars: [
                        {
                          timeUnixNano: timeNs.toString(),
                          asDouble: 0.4,
                          traceId: TRACE_ID.toUpperCase(),
                          spanId: SPAN_ID,
                          filteredAttributes: [{ key: 'user.id', value: { stringValue: 'u-7' } }],
                        },
                      ],
                    },
                  ],
                },
              },
              {
                name: 'payload.size',
                unit: 'By',
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      ...times,
                      count: '4',
                      sum: 4096,
                      scale: 3,
                      zeroCount: '1',
                      positive: { offset: 80, bucketCounts: ['1', '2'] },
                      negative: {},
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${running.otlpUrl}/v1/metrics`, {
    method: 'POST',
    body: JSON.stringify(request),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
});
afterAll(async () => {
  await running?.close();
});

interface Point {
  service: string;
  type: string;
  value: number | null;
  count: number | null;
  min: number | null;
  max: number | null;
  attributes: Record<string, unknown>;
  detail: Record<string, unknown> | null;
  exemplars: { value: number; traceId: string | null; spanId: string | null }[];
  temporality: string | null;
  monotonic: boolean | null;
}
const pointsOf = async (name: string) => {
  const answer = (await (await fetch(`${running.url}/api/metrics/${encodeURIComponent(name)}/points?since=1h`)).json()) as {
    points: Point[];
  };
  expect(answer.points, name).toHaveLength(1);
  return answer.points[0] as Point;
};

describe('OTLP metrics stored by the console', () => {
  it('lists each kind under its name and type', async () => {
    const { metrics } = (await (await fetch(`${running.url}/api/metrics`)).json()) as {
      metrics: { name: string; type: string; source: string }[];
    };
    const mine = metrics.filter((metric) =>
      ['queue.depth', 'orders.placed', 'orders.open', 'request.duration', 'payload.size'].includes(metric.name),
    );
    expect(mine.map(({ name, type, source }) => ({ name, type, source })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'orders.open', type: 'sum', source: 'otlp' },
      { name: 'orders.placed', type: 'sum', source: 'otlp' },
      { name: 'payload.size', type: 'exponentialHistogram', source: 'otlp' },
      { name: 'queue.depth', type: 'gauge', source: 'otlp' },
      { name: 'request.duration', type: 'histogram', source: 'otlp' },
    ]);
  });

  it('keeps a gauge value with its attributes, and a cumulative sum', async () => {
    expect(await pointsOf('queue.depth')).toMatchObject({
      service: 'metrics-kinds',
      value: 7,
      attributes: { queue: 'orders' },
      temporality: null,
      monotonic: null,
    });
    expect(await pointsOf('orders.placed')).toMatchObject({ value: 12, temporality: 'cumulative', monotonic: true });
  });

  it('says whether a sum only goes up: a counter or an up-down counter (the chart reads one as a rate, the other as values)', async () => {
    expect(await pointsOf('orders.open')).toMatchObject({ value: 3, temporality: 'cumulative', monotonic: false });
  });

  it('keeps a histogram’s count, sum, min, max, buckets and its exemplar’s trace and span ids (lower-cased) and filtered attributes', async () => {
    const point = await pointsOf('request.duration');
    expect(point).toMatchObject({ value: 0.6, count: 3, min: 0.05, max: 0.4, temporality: 'delta' });
    expect(point.detail).toEqual({ bucketCounts: [1, 2, 0], explicitBounds: [0.1, 0.5] });
    expect(point.exemplars).toEqual([
      { timeUnixNano: timeNs.toString(), value: 0.4, traceId: TRACE_ID, spanId: SPAN_ID, filteredAttributes: { 'user.id': 'u-7' } },
    ]);
  });

  it('keeps an exponential histogram’s count, sum, scale, zero count and positive buckets', async () => {
    const point = await pointsOf('payload.size');
    expect(point).toMatchObject({ type: 'exponentialHistogram', value: 4096, count: 4, temporality: 'delta' });
    expect(point.detail).toEqual({
      scale: 3,
      zeroCount: 1,
      zeroThreshold: 0,
      positive: { offset: 80, bucketCounts: [1, 2] },
      negative: { offset: 0, bucketCounts: [] },
    });
  });
});

describe('a window with more points than one answer carries', () => {
  // Gauge `window.depth`: services a, b and c, each with queues q1 and q2, a point every second for 10 s.
  const baseNs = startNs + 1_000_000_000n;
  const secondNs = 1_000_000_000n;
  type Answer = { points: (Point & { timeUnixNano: string })[]; truncated: boolean };
  const get = async (params: string): Promise<Answer> => {
    const response = await fetch(`${running.url}/api/metrics/window.depth/points?since=1h&${params}`);
    expect(response.status, params).toBe(200);
    return (await response.json()) as Answer;
  };
  const seriesOf = (answer: Answer) => [...new Set(answer.points.map((p) => `${p.service}/${p.attributes.queue}`))].sort();

  beforeAll(async () => {
    const resourceMetrics = ['c', 'a', 'b'].map((service) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'window.depth',
              gauge: {
                dataPoints: ['q2', 'q1'].flatMap((queue) =>
                  Array.from({ length: 10 }, (_, i) => ({
                    timeUnixNano: (baseNs + BigInt(i) * secondNs).toString(),
                    asInt: String(i),
                    attributes: [{ key: 'queue', value: { stringValue: queue } }],
                  })),
                ),
              },
            },
          ],
        },
      ],
    }));
    const response = await fetch(`${running.otlpUrl}/v1/metrics`, {
      method: 'POST',
      body: JSON.stringify({ resourceMetrics }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });

  it('sends every point when they fit, oldest first, and says nothing was left out', async () => {
    const answer = await get('');
    expect(answer.truncated).toBe(false);
    expect(answer.points).toHaveLength(60);
    const times = answer.points.map((p) => BigInt(p.timeUnixNano));
    expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('keeps the newest points past the limit and says so (the chart shows the window’s recent end)', async () => {
    const answer = await get('limit=12');
    expect(answer.truncated).toBe(true);
    expect(answer.points).toHaveLength(12);
    // Six series, one point each per second: the newest 12 are the last two seconds'.
    expect(new Set(answer.points.map((p) => p.timeUnixNano))).toEqual(
      new Set([(baseNs + 8n * secondNs).toString(), (baseNs + 9n * secondNs).toString()]),
    );
    expect(answer.points.map((p) => p.value)).toEqual([8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9]);
  });

  it('with maxSeries, sends the first series in the series list’s order (service, then labels), all of their points', async () => {
    const answer = await get('maxSeries=3');
    expect(answer.truncated).toBe(false);
    expect(seriesOf(answer)).toEqual(['a/q1', 'a/q2', 'b/q1']);
    expect(answer.points).toHaveLength(30);
    const { series } = (await (await fetch(`${running.url}/api/metrics/window.depth/series?since=1h`)).json()) as {
      series: { service: string; attributes: { queue: string } }[];
    };
    expect(series.slice(0, 3).map((s) => `${s.service}/${s.attributes.queue}`)).toEqual(seriesOf(answer));
  });

  it('filters by service in the query, so the limit counts only that service’s points', async () => {
    const answer = await get('service=b&limit=20');
    expect(answer.truncated).toBe(false);
    expect(seriesOf(answer)).toEqual(['b/q1', 'b/q2']);
    expect(answer.points).toHaveLength(20);
  });

  it('refuses a limit past 100,000 and a maxSeries of 0 with a 400 naming the parameter', async () => {
    for (const params of ['limit=100001', 'maxSeries=0']) {
      const response = await fetch(`${running.url}/api/metrics/window.depth/points?${params}`);
      expect(response.status, params).toBe(400);
      expect(await response.text()).toContain(params.split('=')[0]);
    }
  });
});

describe("a scraped histogram's quantiles (GET /api/metrics/{name}/quantiles)", () => {
  const name = 'api_request_duration_seconds_bucket';
  const secondNs = 1_000_000_000n;
  const scrapeAt = (second: number, counts: number[]) =>
    ['0.1', '1', '+Inf'].map((le, i) => ({
      timeUnixNano: startNs + BigInt(second) * secondNs,
      target: 'http://127.0.0.1:9/metrics',
      job: 'api',
      name,
      metricType: 'histogram',
      labels: { route: '/a', le },
      value: counts[i]!,
      ...(le === '1' ? { exemplar: { timeUnixNano: startNs, value: 0.5, traceId: TRACE_ID, spanId: SPAN_ID } } : {}),
    }));
  type Answer = {
    stepMs: number;
    times: number[];
    quantiles: { quantile: number; values: (number | null)[] }[];
    exemplars: { value: number; traceId: string | null }[];
  };

  beforeAll(async () => {
    // (0, 10]: 10 requests under 0.1 s; (10, 20]: 10 between 0.1 and 1 s.
    await running.store.appendScrapeSamples([...scrapeAt(0, [0, 0, 0]), ...scrapeAt(10, [10, 10, 10]), ...scrapeAt(20, [10, 20, 20])]);
  });

  it('answers each step’s quantiles and the exemplars once', async () => {
    const response = await fetch(`${running.url}/api/metrics/${name}/quantiles?since=1h&q=0.5,0.9&attr.route=/a`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.stepMs).toBe(10_000);
    expect(answer.times).toHaveLength(2);
    expect(answer.quantiles.map((line) => line.quantile)).toEqual([0.5, 0.9]);
    expect(answer.quantiles[0]!.values[0]).toBeCloseTo(0.05, 10);
    expect(answer.quantiles[0]!.values[1]).toBeCloseTo(0.55, 10);
    expect(answer.quantiles[1]!.values[1]).toBeCloseTo(0.1 + 0.9 * 0.9, 10);
    expect(answer.exemplars).toEqual([
      { timeUnixNano: startNs.toString(), value: 0.5, traceId: TRACE_ID, spanId: SPAN_ID, filteredAttributes: {} },
    ]);
  });

  it('with maxSeries, draws the buckets listed first: by their bound as a number, not `le="+Inf"` first as text sorts it', async () => {
    const response = await fetch(`${running.url}/api/metrics/${name}/points?since=1h&maxSeries=2`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { points: { attributes: { le: string } }[] };
    expect(new Set(answer.points.map((point) => point.attributes.le))).toEqual(new Set(['0.1', '1']));
    expect(answer.points).toHaveLength(6);
    // The series list in the same order: the UI and the API agree on which come first.
    const listed = (await (await fetch(`${running.url}/api/metrics/${name}/series?since=1h`)).json()) as {
      series: { attributes: { le: string } }[];
    };
    expect(listed.series.map((series) => series.attributes.le)).toEqual(['0.1', '1', '+Inf']);
  });

  it('refuses quantiles outside (0, 1), too many, or not numbers, with a 400 naming q', async () => {
    for (const q of ['1', '0', '0.5,abc', '0.1,0.2,0.3,0.4,0.5,0.6', '']) {
      const response = await fetch(`${running.url}/api/metrics/${name}/quantiles?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(400);
      expect(await response.text(), q).toContain('q');
    }
  });
});
