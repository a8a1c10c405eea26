import { ValueType } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData as SdkMetricData,
  type ResourceMetrics as SdkResourceMetrics,
  AggregationTemporality as SdkTemporality,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from './decode.js';
import type { OtlpFormat } from './format.js';
import { AggregationTemporality, type Metric } from './types.js';
import { asAttributes, nanos, upstreamMetrics } from './upstream.fixture.js';

const temporalityOf = (temporality: SdkTemporality) =>
  temporality === SdkTemporality.CUMULATIVE ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA;

/** What OTLP says an SDK MetricData becomes (opentelemetry-proto metrics.proto). */
function expectedMetric(metric: SdkMetricData): Metric {
  const { name, description, unit, valueType } = metric.descriptor;
  const head = { name, description, unit, metadata: {} };
  const common = (point: SdkMetricData['dataPoints'][number]) => ({
    attributes: asAttributes(point.attributes),
    startTimeUnixNano: nanos(point.startTime),
    timeUnixNano: nanos(point.endTime),
    flags: 0,
  });
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE: {
      const dataPoints = metric.dataPoints.map((point) => ({
        ...common(point),
        value: valueType === ValueType.INT ? BigInt(point.value) : point.value,
        exemplars: [],
      }));
      if (metric.dataPointType === DataPointType.GAUGE) return { ...head, type: 'gauge', dataPoints };
      return {
        ...head,
        type: 'sum',
        aggregationTemporality: temporalityOf(metric.aggregationTemporality),
        isMonotonic: metric.isMonotonic,
        dataPoints,
      };
    }
    case DataPointType.HISTOGRAM:
      return {
        ...head,
        type: 'histogram',
        aggregationTemporality: temporalityOf(metric.aggregationTemporality),
        dataPoints: metric.dataPoints.map((point) => {
          const value = point.value as Histogram;
          return {
            ...common(point),
            count: value.count,
            sum: value.sum,
            bucketCounts: value.buckets.counts,
            explicitBounds: value.buckets.boundaries,
            exemplars: [],
            min: value.min,
            max: value.max,
          };
        }),
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        ...head,
        type: 'exponentialHistogram',
        aggregationTemporality: temporalityOf(metric.aggregationTemporality),
        dataPoints: metric.dataPoints.map((point) => {
          const value = point.value as ExponentialHistogram;
          return {
            ...common(point),
            count: value.count,
            sum: value.sum,
            scale: value.scale,
            zeroCount: value.zeroCount,
            positive: value.positive,
            negative: value.negative,
            exemplars: [],
            min: value.min,
            max: value.max,
            zeroThreshold: 0,
          };
        }),
      };
  }
}

const serializers = { protobuf: ProtobufMetricsSerializer, json: JsonMetricsSerializer } as const;

const decodeUpstream = (metrics: SdkResourceMetrics, format: OtlpFormat) =>
  decodeMetricsRequest(serializers[format].serializeRequest(metrics) as Uint8Array, format);

describe.each(['protobuf', 'json'] as const)(
  'decodeMetricsRequest on what upstream otlp-transformer serializes (%s)',
  (format: OtlpFormat) => {
    it.each([
      ['cumulative', SdkTemporality.CUMULATIVE],
      ['delta', SdkTemporality.DELTA],
    ])('decodes every metric and data point field, %s temporality', async (_name, temporality) => {
      const metrics = await upstreamMetrics(temporality);
      const decoded = decodeUpstream(metrics, format);
      expect(decoded.rejected).toBe(0);
      expect(decoded.resourceMetrics).toHaveLength(1);
      const [scopeMetrics] = decoded.resourceMetrics[0]?.scopeMetrics ?? [];
      expect(scopeMetrics?.metrics).toEqual(metrics.scopeMetrics[0]?.metrics.map(expectedMetric));
      expect(scopeMetrics?.scope).toEqual({
        name: '@sightline/orders-metrics',
        version: '2.0.1',
        attributes: {},
        droppedAttributesCount: 0,
      });
      expect(scopeMetrics?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
      expect(decoded.resourceMetrics[0]?.resource.attributes['process.pid']).toBe(4242);
    });

    it('decodes each kind of metric with the values recorded', async () => {
      const decoded = decodeUpstream(await upstreamMetrics(), format);
      const metrics = decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics ?? [];
      const byName = new Map(metrics.map((metric) => [metric.name, metric]));

      const requests = byName.get('http.server.requests');
      expect(requests?.type).toBe('sum');
      if (requests?.type !== 'sum') throw new Error('unreachable');
      expect(requests.isMonotonic).toBe(true);
      expect(requests.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
      expect(requests.unit).toBe('{request}');
      expect(requests.description).toBe('Requests served');
      expect(requests.dataPoints.map((point) => point.value)).toEqual([3n, 1n]);

      const active = byName.get('http.server.active_requests');
      expect(active?.type === 'sum' && active.isMonotonic).toBe(false);
      expect(active?.type === 'sum' && active.dataPoints[0]?.value).toBe(2.5);

      const temperature = byName.get('cpu.temperature');
      expect(temperature?.type).toBe('gauge');
      expect(temperature?.type === 'gauge' && temperature.dataPoints[0]).toMatchObject({ value: 61.5, attributes: { core: 0 } });

      const duration = byName.get('http.server.request.duration');
      if (duration?.type !== 'histogram') throw new Error(`histogram expected, got ${duration?.type}`);
      expect(duration.dataPoints[0]).toMatchObject({
        count: 4,
        sum: 5.555,
        min: 0.005,
        max: 5,
        explicitBounds: [0.01, 0.1, 1],
        bucketCounts: [1, 1, 1, 1],
      });

      const size = byName.get('payload.size');
      if (size?.type !== 'exponentialHistogram') throw new Error(`exponential histogram expected, got ${size?.type}`);
      const [point] = size.dataPoints;
      expect(point?.count).toBe(4);
      expect(point?.zeroCount).toBe(1);
      expect(point?.sum).toBe(1110);
      expect(point?.positive.bucketCounts.reduce((total, count) => total + count, 0)).toBe(3);
    });
  },
);
