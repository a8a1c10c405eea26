/**
 * Input rows: plain values close to OTLP, so the decoder's output maps onto them field by field.
 * Ids are lowercase hex strings, times are bigint nanoseconds since the Unix epoch, attributes are
 * plain objects (values may be bigint for int64).
 */
export type AttributeValue = string | number | boolean | bigint | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

/** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKind = 0 | 1 | 2 | 3 | 4 | 5;
/** OTLP Status.code: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface SpanEventRow {
  timeUnixNano: bigint;
  name: string;
  attributes?: Attributes;
}

export interface SpanLinkRow {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: Attributes;
}

export interface SpanRow {
  traceId: string;
  spanId: string;
  /** Empty or absent for a root span. */
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  statusCode: StatusCode;
  statusMessage?: string;
  serviceName: string;
  resourceAttributes?: Attributes;
  scopeName?: string;
  scopeVersion?: string;
  attributes?: Attributes;
  events?: SpanEventRow[];
  links?: SpanLinkRow[];
}

export interface LogRow {
  timeUnixNano: bigint;
  observedTimeUnixNano?: bigint;
  traceId?: string;
  spanId?: string;
  flags?: number;
  /** OTLP SeverityNumber 1..24 (0 unspecified). */
  severityNumber: number;
  severityText?: string;
  body: AttributeValue;
  eventName?: string;
  serviceName: string;
  resourceAttributes?: Attributes;
  scopeName?: string;
  scopeVersion?: string;
  attributes?: Attributes;
}

export interface ExemplarRow {
  timeUnixNano: bigint;
  value: number;
  traceId?: string;
  spanId?: string;
  filteredAttributes?: Attributes;
}

interface MetricPointBase {
  serviceName: string;
  resourceAttributes?: Attributes;
  scopeName?: string;
  scopeVersion?: string;
  name: string;
  description?: string;
  unit?: string;
  attributes?: Attributes;
  startTimeUnixNano?: bigint;
  timeUnixNano: bigint;
  flags?: number;
  exemplars?: ExemplarRow[];
}

/** OTLP AggregationTemporality: 1 delta, 2 cumulative. */
export type AggregationTemporality = 0 | 1 | 2;

export interface GaugePointRow extends MetricPointBase {
  type: 'gauge';
  value: number;
}

export interface SumPointRow extends MetricPointBase {
  type: 'sum';
  value: number;
  isMonotonic: boolean;
  aggregationTemporality: AggregationTemporality;
}

export interface HistogramPointRow extends MetricPointBase {
  type: 'histogram';
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts: number[];
  explicitBounds: number[];
  aggregationTemporality: AggregationTemporality;
}

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: number[];
}

export interface ExponentialHistogramPointRow extends MetricPointBase {
  type: 'exponentialHistogram';
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  scale: number;
  zeroCount: number;
  zeroThreshold?: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  aggregationTemporality: AggregationTemporality;
}

export interface SummaryPointRow extends MetricPointBase {
  type: 'summary';
  count: number;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

export type MetricPointRow = GaugePointRow | SumPointRow | HistogramPointRow | ExponentialHistogramPointRow | SummaryPointRow;
export type MetricType = MetricPointRow['type'];

/** One sample from a Prometheus scrape (text or OpenMetrics exposition). */
export interface ScrapeSampleRow {
  timeUnixNano: bigint;
  /** The scraped URL. */
  target: string;
  job?: string;
  /** The sample's metric name as exposed (e.g. `http_request_duration_seconds_bucket`). */
  name: string;
  /** The family's TYPE line: counter, gauge, histogram, summary, untyped… */
  metricType?: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: ExemplarRow;
  /** The family's HELP text. */
  description?: string;
  /** The family's UNIT (OpenMetrics), e.g. `seconds`. */
  unit?: string;
}
