import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from './decode.js';
import {
  double,
  fixed64,
  hex,
  message,
  packedDouble,
  packedFixed64,
  packedVarint,
  sint32,
  string,
  stringAttribute,
  varint,
} from './testing/index.js';
import type { Metric } from './types.js';

// Summaries, exemplars, packed and unpacked repeated fields, negative offsets: shapes that
// upstream JS never writes (it has no summary and does not export exemplars), written here by
// hand in both formats, which must decode to the same values.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TIME = 1_764_633_600_123_456_789n;

const protobufRequest = message(
  1,
  message(
    2,
    message(
      2,
      string(1, 'rpc.latency'),
      string(3, 's'),
      message(
        11,
        message(
          1,
          stringAttribute(7, 'rpc.method', 'Charge'),
          fixed64(2, TIME - 1_000_000_000n),
          fixed64(3, TIME),
          fixed64(4, 10n),
          double(5, 2.5),
          message(6, double(1, 0.5), double(2, 0.2)),
          message(6, double(1, 0.99), double(2, 0.9)),
        ),
      ),
    ),
    message(
      2,
      string(1, 'jobs.queued'),
      message(
        5,
        message(
          1,
          fixed64(3, TIME),
          fixed64(6, -5n),
          message(5, stringAttribute(7, 'job', 'j-1'), fixed64(2, TIME), double(3, 1.5), hex(4, SPAN_ID), hex(5, TRACE_ID)),
          varint(8, 1),
        ),
      ),
    ),
    message(
      2,
      string(1, 'unpacked.histogram'),
      message(
        9,
        message(1, fixed64(3, TIME), fixed64(4, 6n), fixed64(6, 1n), fixed64(6, 2n), fixed64(6, 3n), double(7, 1), double(7, 10)),
        varint(2, 1),
      ),
    ),
    message(
      2,
      string(1, 'packed.histogram'),
      message(9, message(1, fixed64(3, TIME), fixed64(4, 6n), packedFixed64(6, [1n, 2n, 3n]), packedDouble(7, [1, 10])), varint(2, 2)),
    ),
    message(
      2,
      string(1, 'exponential'),
      message(
        10,
        message(
          1,
          fixed64(3, TIME),
          fixed64(4, 5n),
          sint32(6, -2),
          fixed64(7, 1n),
          message(8, sint32(1, -3), packedVarint(2, [2, 0, 1])),
          message(9, varint(2, 1)),
          double(14, 0.001),
        ),
        varint(2, 2),
      ),
    ),
  ),
);

const jsonRequest = JSON.stringify({
  resourceMetrics: [
    {
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'rpc.latency',
              unit: 's',
              summary: {
                dataPoints: [
                  {
                    attributes: [{ key: 'rpc.method', value: { stringValue: 'Charge' } }],
                    startTimeUnixNano: String(TIME - 1_000_000_000n),
                    timeUnixNano: String(TIME),
                    count: '10',
                    sum: 2.5,
                    quantileValues: [
                      { quantile: 0.5, value: 0.2 },
                      { quantile: 0.99, value: 0.9 },
                    ],
                  },
                ],
              },
            },
            {
              name: 'jobs.queued',
              gauge: {
                dataPoints: [
                  {
                    timeUnixNano: String(TIME),
                    asInt: '-5',
                    exemplars: [
                      {
                        filteredAttributes: [{ key: 'job', value: { stringValue: 'j-1' } }],
                        timeUnixNano: String(TIME),
                        asDouble: 1.5,
                        spanId: SPAN_ID.toUpperCase(),
                        traceId: TRACE_ID.toUpperCase(),
                      },
                    ],
                    flags: 1,
                  },
                ],
              },
            },
            {
              name: 'unpacked.histogram',
              histogram: {
                dataPoints: [{ timeUnixNano: String(TIME), count: 6, bucketCounts: [1, 2, '3'], explicitBounds: [1, 10] }],
                aggregationTemporality: 1,
              },
            },
            {
              name: 'packed.histogram',
              histogram: {
                dataPoints: [{ timeUnixNano: String(TIME), count: '6', bucketCounts: ['1', '2', '3'], explicitBounds: [1, 10] }],
                aggregationTemporality: 2,
              },
            },
            {
              name: 'exponential',
              exponentialHistogram: {
                dataPoints: [
                  {
                    timeUnixNano: String(TIME),
                    count: 5,
                    scale: -2,
                    zeroCount: 1,
                    positive: { offset: -3, bucketCounts: [2, 0, 1] },
                    negative: { bucketCounts: ['1'] },
                    zeroThreshold: 0.001,
                  },
                ],
                aggregationTemporality: 2,
              },
            },
          ],
        },
      ],
    },
  ],
});

const point = { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: TIME, flags: 0 };
const head = (name: string, unit = '') => ({ name, description: '', unit, metadata: {} });
const histogram = (name: string, aggregationTemporality: number): Metric => ({
  ...head(name),
  type: 'histogram',
  aggregationTemporality,
  dataPoints: [
    { ...point, count: 6, sum: undefined, bucketCounts: [1, 2, 3], explicitBounds: [1, 10], exemplars: [], min: undefined, max: undefined },
  ],
});

const expected: Metric[] = [
  {
    ...head('rpc.latency', 's'),
    type: 'summary',
    dataPoints: [
      {
        ...point,
        attributes: { 'rpc.method': 'Charge' },
        startTimeUnixNano: TIME - 1_000_000_000n,
        count: 10,
        sum: 2.5,
        quantileValues: [
          { quantile: 0.5, value: 0.2 },
          { quantile: 0.99, value: 0.9 },
        ],
      },
    ],
  },
  {
    ...head('jobs.queued'),
    type: 'gauge',
    dataPoints: [
      {
        ...point,
        flags: 1,
        value: -5n,
        exemplars: [{ filteredAttributes: { job: 'j-1' }, timeUnixNano: TIME, value: 1.5, traceId: TRACE_ID, spanId: SPAN_ID }],
      },
    ],
  },
  histogram('unpacked.histogram', 1),
  histogram('packed.histogram', 2),
  {
    ...head('exponential'),
    type: 'exponentialHistogram',
    aggregationTemporality: 2,
    dataPoints: [
      {
        ...point,
        count: 5,
        sum: undefined,
        scale: -2,
        zeroCount: 1,
        positive: { offset: -3, bucketCounts: [2, 0, 1] },
        negative: { offset: 0, bucketCounts: [1] },
        exemplars: [],
        min: undefined,
        max: undefined,
        zeroThreshold: 0.001,
      },
    ],
  },
];

describe('decodeMetricsRequest on shapes upstream JS does not write', () => {
  it('decodes summaries, exemplars with ids, negative ints and packed or unpacked buckets from protobuf', () => {
    const decoded = decodeMetricsRequest(protobufRequest, 'protobuf');
    expect(decoded.rejected).toBe(0);
    expect(decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics).toEqual(expected);
  });

  it('decodes the same from OTLP/JSON with upper-case hex ids and int64 fields as strings or numbers', () => {
    const decoded = decodeMetricsRequest(new TextEncoder().encode(jsonRequest), 'json');
    expect(decoded.rejected).toBe(0);
    expect(decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics).toEqual(expected);
  });

  it('leaves out a metric that carries no data', () => {
    const body = message(
      1,
      message(2, message(2, string(1, 'empty')), message(2, string(1, 'jobs.queued'), message(5, message(1, fixed64(3, TIME))))),
    );
    const names = decodeMetricsRequest(body, 'protobuf').resourceMetrics[0]?.scopeMetrics[0]?.metrics.map((metric) => metric.name);
    expect(names).toEqual(['jobs.queued']);
  });
});
