/**
 * Decoded OTLP requests as store rows: one row per span, log record or data point, each
 * carrying its resource's service name (the column every query filters on) and attributes.
 * Pure mapping, no SQL: the store worker calls it after decoding a request's bytes.
 */
import type {
  AnyValue,
  DecodedLogs,
  DecodedMetrics,
  DecodedTraces,
  Exemplar,
  InstrumentationScope,
  Metric,
  Attributes as OtlpAttributes,
  PointValue,
  Resource,
} from '@sightline/otlp';
import type { Attributes, AttributeValue, ExemplarRow, LogRow, MetricPointRow, SpanKind, SpanRow, StatusCode } from './rows.js';

/** What OpenTelemetry SDKs report when no service name was configured. */
export const UNKNOWN_SERVICE = 'unknown_service';

/*
 * Rows are built with every field present (absent ones undefined) in one order: one object shape
 * for every span and one for every log record, so building them and the appender's reads stay
 * monomorphic. Conditional spreads gave each combination its own shape and cost ~1.3 µs per span.
 */

export function spanRowsOf(decoded: DecodedTraces): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const resourceSpans of decoded.resourceSpans) {
    const { serviceName, resourceAttributes } = ownerOf(resourceSpans.resource);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scopeName = nonEmpty(scopeSpans.scope.name);
      const scopeVersion = nonEmpty(scopeSpans.scope.version);
      for (const span of scopeSpans.spans) {
        rows.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId,
          traceState: nonEmpty(span.traceState),
          name: span.name,
          kind: clampKind(span.kind),
          startTimeUnixNano: span.startTimeUnixNano,
          endTimeUnixNano: span.endTimeUnixNano,
          statusCode: clampStatus(span.status.code),
          statusMessage: nonEmpty(span.status.message),
          serviceName,
          resourceAttributes,
          scopeName,
          scopeVersion,
          attributes: attributesOf(span.attributes),
          events:
            span.events.length === 0
              ? undefined
              : span.events.map((event) => ({
                  timeUnixNano: event.timeUnixNano,
                  name: event.name,
                  attributes: attributesOf(event.attributes),
                })),
          links:
            span.links.length === 0
              ? undefined
              : span.links.map((link) => ({
                  traceId: link.traceId,
                  spanId: link.spanId,
                  traceState: nonEmpty(link.traceState),
                  attributes: attributesOf(link.attributes),
                })),
        });
      }
    }
  }
  return rows;
}

export function logRowsOf(decoded: DecodedLogs): LogRow[] {
  const rows: LogRow[] = [];
  for (const resourceLogs of decoded.resourceLogs) {
    const { serviceName, resourceAttributes } = ownerOf(resourceLogs.resource);
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const scopeName = nonEmpty(scopeLogs.scope.name);
      const scopeVersion = nonEmpty(scopeLogs.scope.version);
      for (const record of scopeLogs.logRecords) {
        rows.push({
          // The data model: when time_unix_nano is unset, the observed time stands for it.
          timeUnixNano: record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano,
          observedTimeUnixNano: record.observedTimeUnixNano === 0n ? undefined : record.observedTimeUnixNano,
          traceId: record.traceId,
          spanId: record.spanId,
          flags: record.flags,
          severityNumber: clampSeverity(record.severityNumber),
          severityText: nonEmpty(record.severityText),
          body: attributeValueOf(record.body),
          eventName: nonEmpty(record.eventName),
          serviceName,
          resourceAttributes,
          scopeName,
          scopeVersion,
          attributes: attributesOf(record.attributes),
        });
      }
    }
  }
  return rows;
}

function nonEmpty(text: string): string | undefined {
  return text === '' ? undefined : text;
}

export function metricPointRowsOf(decoded: DecodedMetrics): MetricPointRow[] {
  const rows: MetricPointRow[] = [];
  for (const resourceMetrics of decoded.resourceMetrics) {
    const owner = ownerOf(resourceMetrics.resource);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scope = scopeOf(scopeMetrics.scope);
      for (const metric of scopeMetrics.metrics) appendMetric(rows, metric, { ...owner, ...scope });
    }
  }
  return rows;
}

interface Owner {
  serviceName: string;
  resourceAttributes: Attributes;
}

function ownerOf(resource: Resource): Owner {
  const name = resource.attributes['service.name'];
  return {
    serviceName: typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE,
    resourceAttributes: attributesOf(resource.attributes),
  };
}

function scopeOf(scope: InstrumentationScope): { scopeName?: string; scopeVersion?: string } {
  return {
    ...(scope.name === '' ? {} : { scopeName: scope.name }),
    ...(scope.version === '' ? {} : { scopeVersion: scope.version }),
  };
}

type PointOwner = Owner & { scopeName?: string; scopeVersion?: string };

interface PointCommon extends PointOwner {
  name: string;
  description?: string;
  unit?: string;
  attributes: Attributes;
  startTimeUnixNano?: bigint;
  timeUnixNano: bigint;
  flags: number;
}

type MetricBase = PointOwner & { name: string; description?: string; unit?: string };
type MetricOf<T extends Metric['type']> = Extract<Metric, { type: T }>;
interface PointFields {
  attributes: OtlpAttributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

function appendMetric(rows: MetricPointRow[], metric: Metric, owner: PointOwner): void {
  const base: MetricBase = {
    ...owner,
    name: metric.name,
    ...(metric.description === '' ? {} : { description: metric.description }),
    ...(metric.unit === '' ? {} : { unit: metric.unit }),
  };
  switch (metric.type) {
    case 'gauge':
      for (const p of metric.dataPoints) {
        rows.push({ ...commonOf(base, p), exemplars: p.exemplars.map(exemplarOf), type: 'gauge', value: numberOf(p.value) });
      }
      return;
    case 'sum':
      appendSums(rows, metric, base);
      return;
    case 'histogram':
      appendHistograms(rows, metric, base);
      return;
    case 'exponentialHistogram':
      appendExponentialHistograms(rows, metric, base);
      return;
    case 'summary':
      for (const p of metric.dataPoints) {
        rows.push({
          ...commonOf(base, p),
          type: 'summary',
          count: p.count,
          sum: p.sum,
          quantileValues: p.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value })),
        });
      }
      return;
  }
}

/** The fields every point row has: the metric's and its owner's, and the point's attributes and times. */
function commonOf(base: MetricBase, point: PointFields): PointCommon {
  return {
    ...base,
    attributes: attributesOf(point.attributes),
    ...(point.startTimeUnixNano === 0n ? {} : { startTimeUnixNano: point.startTimeUnixNano }),
    timeUnixNano: point.timeUnixNano,
    flags: point.flags,
  };
}

/** What both kinds of histogram point rows hold: the common fields, count, exemplars, and sum, min and max when present. */
function histogramFieldsOf(
  base: MetricBase,
  p: PointFields & {
    count: number;
    exemplars: readonly Exemplar[];
    sum: number | undefined;
    min: number | undefined;
    max: number | undefined;
  },
) {
  return {
    ...commonOf(base, p),
    ...(p.sum === undefined ? {} : { sum: p.sum }),
    ...(p.min === undefined ? {} : { min: p.min }),
    ...(p.max === undefined ? {} : { max: p.max }),
    exemplars: p.exemplars.map(exemplarOf),
    count: p.count,
  };
}

function appendSums(rows: MetricPointRow[], metric: MetricOf<'sum'>, base: MetricBase): void {
  const aggregationTemporality = clampTemporality(metric.aggregationTemporality);
  for (const p of metric.dataPoints) {
    rows.push({
      ...commonOf(base, p),
      exemplars: p.exemplars.map(exemplarOf),
      type: 'sum',
      value: numberOf(p.value),
      isMonotonic: metric.isMonotonic,
      aggregationTemporality,
    });
  }
}

function appendHistograms(rows: MetricPointRow[], metric: MetricOf<'histogram'>, base: MetricBase): void {
  const aggregationTemporality = clampTemporality(metric.aggregationTemporality);
  for (const p of metric.dataPoints) {
    rows.push({
      ...histogramFieldsOf(base, p),
      type: 'histogram',
      bucketCounts: [...p.bucketCounts],
      explicitBounds: [...p.explicitBounds],
      aggregationTemporality,
    });
  }
}

function appendExponentialHistograms(rows: MetricPointRow[], metric: MetricOf<'exponentialHistogram'>, base: MetricBase): void {
  const aggregationTemporality = clampTemporality(metric.aggregationTemporality);
  for (const p of metric.dataPoints) {
    rows.push({
      ...histogramFieldsOf(base, p),
      type: 'exponentialHistogram',
      scale: p.scale,
      zeroCount: p.zeroCount,
      zeroThreshold: p.zeroThreshold,
      positive: { offset: p.positive.offset, bucketCounts: [...p.positive.bucketCounts] },
      negative: { offset: p.negative.offset, bucketCounts: [...p.negative.bucketCounts] },
      aggregationTemporality,
    });
  }
}

function exemplarOf(exemplar: Exemplar): ExemplarRow {
  return {
    timeUnixNano: exemplar.timeUnixNano,
    value: numberOf(exemplar.value),
    ...(exemplar.traceId === undefined ? {} : { traceId: exemplar.traceId }),
    ...(exemplar.spanId === undefined ? {} : { spanId: exemplar.spanId }),
    filteredAttributes: attributesOf(exemplar.filteredAttributes),
  };
}

/** A sample as a double; an int64 beyond 2^53 loses precision here, as in every TSDB. */
function numberOf(value: PointValue): number {
  if (value === undefined) return Number.NaN;
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * A decoded attribute map as a row's: the same map when every value is a finite scalar (most are; no
 * copy), else a copy with bytes as base64 and non-finite numbers as text. Maps keep a null prototype, so a `__proto__` key is a key.
 */
function attributesOf(attributes: OtlpAttributes): Attributes {
  let scalar = true;
  for (const key in attributes) {
    const value = attributes[key];
    if ((value !== null && typeof value === 'object') || (typeof value === 'number' && !Number.isFinite(value))) {
      scalar = false;
      break;
    }
  }
  if (scalar) return attributes as Attributes;
  const out = Object.create(null) as Attributes;
  for (const key of Object.keys(attributes)) out[key] = attributeValueOf(attributes[key] as AnyValue);
  return out;
}

/**
 * Bytes values become base64 text (OTLP/JSON's own rendering of bytes), and NaN and ±Infinity
 * the strings OTLP/JSON writes them as (`"NaN"`, `"Infinity"`, `"-Infinity"`): stored as JSON
 * text, a number would read back as null.
 */
function attributeValueOf(value: AnyValue): AttributeValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value as AttributeValue;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return (value as readonly AnyValue[]).map(attributeValueOf);
  return attributesOf(value as OtlpAttributes);
}

function clampKind(kind: number): SpanKind {
  return (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind;
}

/** OTLP SeverityNumber: 1..24, 0 unspecified. Another number (an enum value no version defines) is kept as unspecified,
 * with the record and its severity text: one odd field never loses the request. */
function clampSeverity(severity: number): number {
  return Number.isInteger(severity) && severity >= 0 && severity <= 24 ? severity : 0;
}

function clampStatus(code: number): StatusCode {
  return (code === 1 || code === 2 ? code : 0) as StatusCode;
}

function clampTemporality(temporality: number): 0 | 1 | 2 {
  return (temporality === 1 || temporality === 2 ? temporality : 0) as 0 | 1 | 2;
}
