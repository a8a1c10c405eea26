import type { Attributes, AttributeValue, LogRow, MetricPointRow, SpanRow } from '../../../src/server/store/index.js';

/**
 * The seed's rows as OTLP/HTTP JSON requests (the specification's mapping: hex ids, int64 as
 * decimal strings, enums as integers), posted to the console's receiver so the pages show what
 * the real ingest path stored, error groups included.
 */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function anyValue(value: AttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'bigint') return { intValue: value.toString() };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value === null) return { stringValue: '' };
  return { kvlistValue: { values: keyValues(value) } };
}

function keyValues(attributes: Attributes | undefined): KeyValue[] {
  return Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function byService<T extends { serviceName: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.serviceName, [...(groups.get(row.serviceName) ?? []), row]);
  return groups;
}

const resource = (service: string, attributes: Attributes | undefined) => ({
  attributes: keyValues({ ...attributes, 'service.name': service }),
});

export function tracesRequest(spans: readonly SpanRow[]): unknown {
  return {
    resourceSpans: [...byService(spans)].map(([service, rows]) => ({
      resource: resource(service, rows[0]!.resourceAttributes),
      scopeSpans: [
        {
          scope: { name: rows[0]!.scopeName ?? '@sightline/sdk' },
          spans: rows.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: span.startTimeUnixNano.toString(),
            endTimeUnixNano: span.endTimeUnixNano.toString(),
            attributes: keyValues(span.attributes),
            events: (span.events ?? []).map((event) => ({
              timeUnixNano: event.timeUnixNano.toString(),
              name: event.name,
              attributes: keyValues(event.attributes),
            })),
            links: (span.links ?? []).map((link) => ({
              traceId: link.traceId,
              spanId: link.spanId,
              attributes: keyValues(link.attributes),
            })),
            status: { code: span.statusCode, ...(span.statusMessage ? { message: span.statusMessage } : {}) },
          })),
        },
      ],
    })),
  };
}

export function logsRequest(logs: readonly LogRow[]): unknown {
  return {
    resourceLogs: [...byService(logs)].map(([service, rows]) => ({
      resource: resource(service, rows[0]!.resourceAttributes),
      scopeLogs: [
        {
          scope: { name: 'pino' },
          logRecords: rows.map((log) => ({
            timeUnixNano: log.timeUnixNano.toString(),
            severityNumber: log.severityNumber,
            ...(log.severityText ? { severityText: log.severityText } : {}),
            body: anyValue(log.body),
            attributes: keyValues(log.attributes),
            ...(log.traceId ? { traceId: log.traceId } : {}),
            ...(log.spanId ? { spanId: log.spanId } : {}),
          })),
        },
      ],
    })),
  };
}

function dataPoint(point: MetricPointRow): Record<string, unknown> {
  const base = {
    attributes: keyValues(point.attributes),
    ...(point.startTimeUnixNano === undefined ? {} : { startTimeUnixNano: point.startTimeUnixNano.toString() }),
    timeUnixNano: point.timeUnixNano.toString(),
    exemplars: (point.exemplars ?? []).map((exemplar) => ({
      timeUnixNano: exemplar.timeUnixNano.toString(),
      asDouble: exemplar.value,
      ...(exemplar.traceId ? { traceId: exemplar.traceId } : {}),
      ...(exemplar.spanId ? { spanId: exemplar.spanId } : {}),
    })),
  };
  if (point.type === 'histogram') {
    return {
      ...base,
      count: String(point.count),
      ...(point.sum === undefined ? {} : { sum: point.sum }),
      bucketCounts: point.bucketCounts.map(String),
      explicitBounds: point.explicitBounds,
    };
  }
  if (point.type === 'exponentialHistogram') {
    const buckets = (side: { offset: number; bucketCounts: number[] }) => ({
      offset: side.offset,
      bucketCounts: side.bucketCounts.map(String),
    });
    return {
      ...base,
      count: String(point.count),
      ...(point.sum === undefined ? {} : { sum: point.sum }),
      scale: point.scale,
      zeroCount: String(point.zeroCount),
      positive: buckets(point.positive),
      negative: buckets(point.negative),
    };
  }
  if (point.type === 'summary') {
    return { ...base, count: String(point.count), sum: point.sum, quantileValues: point.quantileValues };
  }
  if (point.type === 'gauge' || point.type === 'sum') return { ...base, asDouble: point.value };
  throw new Error(`the seed encodes no ${(point as MetricPointRow).type} points`);
}

export function metricsRequest(points: readonly MetricPointRow[]): unknown {
  return {
    resourceMetrics: [...byService(points)].map(([service, rows]) => {
      const byName = new Map<string, MetricPointRow[]>();
      for (const point of rows) byName.set(point.name, [...(byName.get(point.name) ?? []), point]);
      return {
        resource: resource(service, rows[0]!.resourceAttributes),
        scopeMetrics: [
          {
            scope: { name: '@sightline/sdk' },
            metrics: [...byName.values()].map((series) => {
              const first = series[0]!;
              const dataPoints = series.map(dataPoint);
              const shape =
                first.type === 'histogram'
                  ? { histogram: { dataPoints, aggregationTemporality: first.aggregationTemporality } }
                  : first.type === 'exponentialHistogram'
                    ? { exponentialHistogram: { dataPoints, aggregationTemporality: first.aggregationTemporality } }
                    : first.type === 'sum'
                      ? { sum: { dataPoints, aggregationTemporality: first.aggregationTemporality, isMonotonic: first.isMonotonic } }
                      : first.type === 'summary'
                        ? { summary: { dataPoints } }
                        : { gauge: { dataPoints } };
              return { name: first.name, unit: first.unit ?? '', description: first.description ?? '', ...shape };
            }),
          },
        ],
      };
    }),
  };
}

/** POSTs one OTLP/JSON request; the receiver answers 200 only once the rows are committed. */
export async function postOtlp(otlpUrl: string, signal: 'traces' | 'logs' | 'metrics', body: unknown): Promise<void> {
  const response = await fetch(`${otlpUrl}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('rejected')) throw new Error(`OTLP ${signal} export answered ${response.status}: ${text}`);
}

export async function exportSpans(otlpUrl: string, spans: readonly SpanRow[]): Promise<void> {
  await postOtlp(otlpUrl, 'traces', tracesRequest(spans));
}

export async function exportLogs(otlpUrl: string, logs: readonly LogRow[]): Promise<void> {
  await postOtlp(otlpUrl, 'logs', logsRequest(logs));
}

export async function exportMetrics(otlpUrl: string, points: readonly MetricPointRow[]): Promise<void> {
  await postOtlp(otlpUrl, 'metrics', metricsRequest(points));
}
