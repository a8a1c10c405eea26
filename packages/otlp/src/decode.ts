import type { OtlpFormat } from './format.js';
import { decodeLogsRequestJson, decodeMetricsRequestJson, decodeTraceRequestJson, parseJsonBody } from './json/index.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './limits.js';
import { decodeLogsRequestProtobuf, decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from './protobuf/index.js';
import type { DecodedLogs, DecodedMetrics, DecodedTraces } from './types.js';

// The package's entry points. A zero-length body is an empty request in either format (the
// spec lets an empty request succeed; a client with nothing to send may send nothing).
// `limits` is resolved once at setup (`resolveLimits`), not per request.

/**
 * Decodes an ExportTraceServiceRequest (the body of `POST /v1/traces`, already decompressed).
 * Throws {@link OtlpDecodeError} when the payload is malformed (answer 400); invalid spans are
 * left out and counted in `rejected` (answer 200 with a partial success).
 */
export function decodeTraceRequest(body: Uint8Array, format: OtlpFormat, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedTraces {
  if (format === 'protobuf') return decodeTraceRequestProtobuf(body, limits);
  return decodeTraceRequestJson(body.length === 0 ? {} : parseJsonBody(body, limits), limits);
}

/** Decodes an ExportLogsServiceRequest (`POST /v1/logs`); as {@link decodeTraceRequest}, for log records. */
export function decodeLogsRequest(body: Uint8Array, format: OtlpFormat, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedLogs {
  if (format === 'protobuf') return decodeLogsRequestProtobuf(body, limits);
  return decodeLogsRequestJson(body.length === 0 ? {} : parseJsonBody(body, limits), limits);
}

/** Decodes an ExportMetricsServiceRequest (`POST /v1/metrics`); as {@link decodeTraceRequest}, for data points. */
export function decodeMetricsRequest(body: Uint8Array, format: OtlpFormat, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedMetrics {
  if (format === 'protobuf') return decodeMetricsRequestProtobuf(body, limits);
  return decodeMetricsRequestJson(body.length === 0 ? {} : parseJsonBody(body, limits), limits);
}
