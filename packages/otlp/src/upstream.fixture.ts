// Test data made by the real OpenTelemetry JS SDKs, for the decoders' conformance tests: the
// spans, log records and metrics are what upstream exporters serialize with otlp-transformer.
import {
  type Attributes as ApiAttributes,
  context,
  type HrTime,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  ValueType,
} from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  type CollectionResult,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { AnyValue, Attributes } from './types.js';

export const REMOTE_PARENT = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new TraceState('vendor=a1,other=b2'),
};

const resource = () =>
  resourceFromAttributes(
    { 'service.name': 'checkout', 'service.version': '1.4.2', 'process.pid': 4242, 'host.arch': 'amd64' },
    { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
  );

/** Unix nanoseconds of an HrTime, exactly. */
export const nanos = (time: HrTime): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

/** Upstream attribute values as the decoders return them (kvlists as plain objects, ints as numbers). */
export function asAttributes(attributes: ApiAttributes | Record<string, unknown> | undefined): Attributes {
  const out: Record<string, AnyValue> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) out[key] = asAnyValue(value);
  return out;
}

export function asAnyValue(value: unknown): AnyValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(asAnyValue);
  if (typeof value === 'object') return asAttributes(value as Record<string, unknown>);
  return value as AnyValue;
}

/** Three spans of one trace: a server span under a remote parent, a client child with an event and a link, an error span. */
export async function upstreamSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resource(),
    spanLimits: { attributeCountLimit: 8, eventCountLimit: 2, linkCountLimit: 1 },
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('@sightline/orders', '2.0.1', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });
  const parent = trace.setSpanContext(ROOT_CONTEXT, REMOTE_PARENT);
  const server = tracer.startSpan(
    'GET /orders/:id',
    {
      kind: SpanKind.SERVER,
      startTime: [1_764_633_600, 123_456_789],
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'http.response.status_code': 200,
        'server.port': 8080,
        'app.ratio': 0.25,
        'app.cached': true,
        'app.tags': ['a', 'b', 'ü'],
        'app.sizes': [1, 2, 3],
        'app.overflow': 'dropped by the attribute count limit',
      },
    },
    parent,
  );
  const child = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      links: [
        { context: { traceId: '1af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331', traceFlags: 1 } },
        {
          context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0, isRemote: true },
          attributes: { 'link.kind': 'follows' },
        },
      ],
    },
    trace.setSpan(context.active(), server),
  );
  child.addEvent('dropped: the event count limit drops the oldest');
  child.addEvent('rows', { 'db.rows': 3 }, [1_764_633_600, 200_000_000]);
  child.addEvent('second');
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_764_633_600, 300_000_000]);
  const failing = tracer.startSpan('charge', { kind: SpanKind.PRODUCER }, trace.setSpan(context.active(), server));
  failing.recordException(new TypeError('card declined'));
  failing.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  failing.end();
  server.end([1_764_633_601, 0]);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** Log records: a plain info line inside a span, a structured error body with bytes, an event with no body. */
export async function upstreamLogRecords(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resource(),
    logRecordLimits: { attributeCountLimit: 4 },
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('@sightline/orders-log', '2.0.1', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
    attributes: { 'scope.kind': 'app' },
  });
  const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  logger.emit({
    timestamp: [1_764_633_600, 5],
    observedTimestamp: [1_764_633_600, 6],
    severityNumber: SeverityNumber.INFO,
    severityText: 'info',
    body: 'order placed',
    attributes: { 'order.id': 'o-1', 'order.total': 12.5, 'order.items': 3 },
    context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
  });
  logger.emit({
    timestamp: [1_764_633_600, 7],
    severityNumber: SeverityNumber.ERROR2,
    severityText: 'error',
    body: { message: 'charge failed', code: 402, nested: { retry: false, attempts: [1, 2] }, raw: new Uint8Array([0, 255, 16]) },
    attributes: { a: 1, b: 2, c: 3, d: 4, e: 'dropped by the attribute count limit' },
  });
  logger.emit({ eventName: 'order.shipped', severityNumber: SeverityNumber.WARN, attributes: { 'ship.carrier': 'post' } });
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return records;
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One collection of a counter, an up-down counter, a gauge, an explicit histogram and an exponential one. */
export async function upstreamMetrics(temporality = AggregationTemporality.CUMULATIVE): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resource(),
    readers: [reader],
    views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('@sightline/orders-metrics', '2.0.1', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });
  const requests = meter.createCounter('http.server.requests', {
    description: 'Requests served',
    unit: '{request}',
    valueType: ValueType.INT,
  });
  requests.add(3, { 'http.route': '/orders/:id', 'http.response.status_code': 200 });
  requests.add(1, { 'http.route': '/orders/:id', 'http.response.status_code': 500 });
  const inFlight = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });
  inFlight.add(2.5);
  const temperature = meter.createGauge('cpu.temperature', { unit: 'Cel' });
  temperature.record(61.5, { core: 0 });
  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.1, 1] },
  });
  for (const value of [0.005, 0.05, 0.5, 5]) duration.record(value, { 'http.route': '/orders/:id' });
  const size = meter.createHistogram('payload.size', { unit: 'By' });
  for (const value of [10, 100, 1000, 0]) size.record(value);
  const result: CollectionResult = await reader.collect();
  await provider.shutdown();
  return result.resourceMetrics;
}
