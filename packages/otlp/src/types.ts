/**
 * The decoded form of OTLP export requests: plain values, the same whichever format (protobuf
 * or JSON) the request came in. Field names follow OTLP/JSON (lowerCamelCase).
 *
 * Conventions:
 * - trace and span ids are lowercase hex strings (32 and 16 digits); an absent optional id is `undefined`;
 * - timestamps are unsigned nanoseconds since the Unix epoch as `bigint` (a `number` would lose
 *   precision: today's timestamps are ~1.7e18, past 2^53); 0n means "not set";
 * - enums are their OTLP integers (`SpanKind`, `StatusCode`, `SeverityNumber`, `AggregationTemporality`);
 * - attribute maps are objects with a null prototype, so a key such as `__proto__` is just a key.
 */

/**
 * An OTLP AnyValue: `string`, `boolean`, `number` (a double, or an int64 that is a safe
 * integer), `bigint` (an int64 beyond ±2^53), `Uint8Array` (bytes), an array, a key-value list
 * (an {@link Attributes} object), or `null` for an empty AnyValue.
 */
export type AnyValue = string | boolean | number | bigint | Uint8Array | null | readonly AnyValue[] | Attributes;

/** Key-value pairs (OTLP `repeated KeyValue`), keys unique (the last of duplicates wins). Null prototype. */
export interface Attributes {
  readonly [key: string]: AnyValue;
}

export interface Resource {
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

/** Span.SpanKind. */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** Status.StatusCode. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
/** AggregationTemporality. */
export const AggregationTemporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;

export interface SpanEvent {
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  /** W3C trace flags in bits 0-7; bit 8 "has is-remote", bit 9 "is remote" (SpanFlags). */
  readonly flags: number;
}

/** One span. Decoders only return spans with valid ids (16-byte trace id, 8-byte span id, not all zero). */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** `undefined` for a root span (the field empty, or all zero). */
  readonly parentSpanId: string | undefined;
  readonly traceState: string;
  /** W3C trace flags in bits 0-7; bit 8 "has is-remote", bit 9 "is remote" (SpanFlags). */
  readonly flags: number;
  readonly name: string;
  /** {@link SpanKind}. */
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  /** `code` is a {@link StatusCode}. */
  readonly status: { readonly code: number; readonly message: string };
}

export interface ScopeSpans {
  readonly scope: InstrumentationScope;
  readonly spans: readonly Span[];
  readonly schemaUrl: string;
}

export interface ResourceSpans {
  readonly resource: Resource;
  readonly scopeSpans: readonly ScopeSpans[];
  readonly schemaUrl: string;
}

/** One log record. Ids are `undefined` when absent (or all zero); a record with an id of the wrong length is rejected. */
export interface LogRecord {
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  /** SeverityNumber: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL, 0 unspecified. */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AnyValue;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  /** W3C trace flags in bits 0-7. */
  readonly flags: number;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly eventName: string;
}

export interface ScopeLogs {
  readonly scope: InstrumentationScope;
  readonly logRecords: readonly LogRecord[];
  readonly schemaUrl: string;
}

export interface ResourceLogs {
  readonly resource: Resource;
  readonly scopeLogs: readonly ScopeLogs[];
  readonly schemaUrl: string;
}

/**
 * A sample value: `number` when the point carried `as_double`, `bigint` when it carried
 * `as_int` (so the type says which), `undefined` when it carried neither.
 */
export type PointValue = number | bigint | undefined;

export interface Exemplar {
  readonly filteredAttributes: Attributes;
  readonly timeUnixNano: bigint;
  readonly value: PointValue;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
}

interface DataPointBase {
  readonly attributes: Attributes;
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  /** DataPointFlags: bit 0 is "no recorded value". */
  readonly flags: number;
}

export interface NumberDataPoint extends DataPointBase {
  readonly value: PointValue;
  readonly exemplars: readonly Exemplar[];
}

/** Counts are numbers: a point whose count passes 2^53 is rejected rather than rounded. */
export interface HistogramDataPoint extends DataPointBase {
  readonly count: number;
  readonly sum: number | undefined;
  /** Empty, or one more entry than `explicitBounds` (a point where that fails is rejected). */
  readonly bucketCounts: readonly number[];
  readonly explicitBounds: readonly number[];
  readonly exemplars: readonly Exemplar[];
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface ExponentialHistogramBuckets {
  readonly offset: number;
  readonly bucketCounts: readonly number[];
}

export interface ExponentialHistogramDataPoint extends DataPointBase {
  readonly count: number;
  readonly sum: number | undefined;
  readonly scale: number;
  readonly zeroCount: number;
  readonly positive: ExponentialHistogramBuckets;
  readonly negative: ExponentialHistogramBuckets;
  readonly exemplars: readonly Exemplar[];
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly zeroThreshold: number;
}

export interface SummaryDataPoint extends DataPointBase {
  readonly count: number;
  readonly sum: number;
  readonly quantileValues: readonly { readonly quantile: number; readonly value: number }[];
}

/** The metric's data, discriminated by `type` (OTLP's `oneof data`). */
export type MetricData =
  | { readonly type: 'gauge'; readonly dataPoints: readonly NumberDataPoint[] }
  | {
      readonly type: 'sum';
      /** {@link AggregationTemporality}. */
      readonly aggregationTemporality: number;
      readonly isMonotonic: boolean;
      readonly dataPoints: readonly NumberDataPoint[];
    }
  | { readonly type: 'histogram'; readonly aggregationTemporality: number; readonly dataPoints: readonly HistogramDataPoint[] }
  | {
      readonly type: 'exponentialHistogram';
      readonly aggregationTemporality: number;
      readonly dataPoints: readonly ExponentialHistogramDataPoint[];
    }
  | { readonly type: 'summary'; readonly dataPoints: readonly SummaryDataPoint[] };

/** One metric. A metric that carries no data (its `oneof data` unset) has no points and is left out. */
export type Metric = {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly metadata: Attributes;
} & MetricData;

export interface ScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly metrics: readonly Metric[];
  readonly schemaUrl: string;
}

export interface ResourceMetrics {
  readonly resource: Resource;
  readonly scopeMetrics: readonly ScopeMetrics[];
  readonly schemaUrl: string;
}

/**
 * Items a decoder left out as invalid (a span with a wrong-length id, say) while keeping the
 * rest: what an OTLP partial-success response reports. `errorMessage` is '' when nothing was rejected.
 */
export interface Rejected {
  readonly rejected: number;
  readonly errorMessage: string;
}

export interface DecodedTraces extends Rejected {
  readonly resourceSpans: readonly ResourceSpans[];
}

export interface DecodedLogs extends Rejected {
  readonly resourceLogs: readonly ResourceLogs[];
}

export interface DecodedMetrics extends Rejected {
  readonly resourceMetrics: readonly ResourceMetrics[];
}
