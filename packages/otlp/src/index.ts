export { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest } from './decode.js';
export { OTLP_DECODE_ERROR_CODES, OtlpDecodeError, type OtlpDecodeErrorCode } from './errors.js';
export { OTLP_CONTENT_TYPES, type OtlpFormat, otlpFormatOf } from './format.js';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits, resolveLimits } from './limits.js';
export { encodeExportResponse, encodeStatus, GrpcCode, type OtlpSignal, type PartialSuccess, type RpcStatus } from './response.js';
export {
  AggregationTemporality,
  type AnyValue,
  type Attributes,
  type DecodedLogs,
  type DecodedMetrics,
  type DecodedTraces,
  type Exemplar,
  type ExponentialHistogramBuckets,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type InstrumentationScope,
  type LogRecord,
  type Metric,
  type MetricData,
  type NumberDataPoint,
  type PointValue,
  type Rejected,
  type Resource,
  type ResourceLogs,
  type ResourceMetrics,
  type ResourceSpans,
  type ScopeLogs,
  type ScopeMetrics,
  type ScopeSpans,
  type Span,
  type SpanEvent,
  SpanKind,
  type SpanLink,
  StatusCode,
  type SummaryDataPoint,
} from './types.js';
