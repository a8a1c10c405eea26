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
                      bucketCounts: ['1', '2', '0'],
                      explicitBounds: [0.1, 0.5],
                      exemplars: [{ timeUnixNano: timeNs.toString(), asDouble: 0.4, traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID }],
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
  attributes: Record<string, unknown>;
  detail: Record<string, unknown> | null;
  exemplars: { value: number; traceId: string | null; spanId: string | null }[];
  temporality: string | null;
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
    const mine = metrics.filter((metric) => ['queue.depth', 'orders.placed', 'request.duration', 'payload.size'].includes(metric.name));
    expect(mine.map(({ name, type, source }) => ({ name, type, source })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
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
    });
    expect(await pointsOf('orders.placed')).toMatchObject({ value: 12, temporality: 'cumulative' });
  });

  it('keeps a histogram’s count, sum, buckets and its exemplar’s trace and span ids (lower-cased)', async () => {
    const point = await pointsOf('request.duration');
    expect(point).toMatchObject({ value: 0.6, count: 3, temporality: 'delta' });
    expect(point.detail).toEqual({ bucketCounts: [1, 2, 0], explicitBounds: [0.1, 0.5] });
    expect(point.exemplars).toEqual([{ timeUnixNano: timeNs.toString(), value: 0.4, traceId: TRACE_ID, spanId: SPAN_ID }]);
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
