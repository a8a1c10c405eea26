import type { OtlpFormat } from './format.js';
import { bytesField, type EncodedField, encodeMessage, stringField, varintField } from './protobuf/index.js';

/** What a receiver rejected of a request (opentelemetry-proto's Export*PartialSuccess). */
export interface PartialSuccess {
  /** Items rejected: spans, log records or data points. */
  readonly rejected: number | bigint;
  /** Why; '' when nothing needs saying. */
  readonly errorMessage: string;
}

export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/** The count's field name in each signal's partial success message (field 1, int64). */
const REJECTED_KEYS: Readonly<Record<OtlpSignal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();

/**
 * An ExportTraceServiceResponse, ExportLogsServiceResponse or ExportMetricsServiceResponse.
 * Full success (no partial, or nothing rejected and no message) is the empty message: zero
 * bytes in protobuf, `{}` in JSON. Otherwise `partial_success` carries the count and the
 * message; OTLP clients do not retry such a response.
 */
export function encodeExportResponse(signal: OtlpSignal, partial: PartialSuccess | undefined, format: OtlpFormat): Uint8Array {
  const rejected = BigInt(partial?.rejected ?? 0);
  const errorMessage = partial?.errorMessage ?? '';
  const full = rejected === 0n && errorMessage === '';
  if (format === 'json') {
    if (full) return utf8.encode('{}');
    // proto3 JSON writes int64 as a decimal string.
    const body: Record<string, string> = {};
    if (rejected !== 0n) body[REJECTED_KEYS[signal]] = rejected.toString();
    if (errorMessage !== '') body.errorMessage = errorMessage;
    return utf8.encode(JSON.stringify({ partialSuccess: body }));
  }
  if (full) return EMPTY;
  const fields: EncodedField[] = [];
  if (rejected !== 0n) fields.push(varintField(1, rejected));
  if (errorMessage !== '') fields.push(stringField(2, errorMessage));
  return encodeMessage([bytesField(1, encodeMessage(fields))]);
}

/** gRPC status codes a receiver's error bodies use (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNAUTHENTICATED: 16,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const;

/** A google.rpc.Status, the body of an OTLP/HTTP error response. `details` are not written. */
export interface RpcStatus {
  /** A google.rpc.Code, e.g. {@link GrpcCode}.INVALID_ARGUMENT for a malformed payload. */
  readonly code: number;
  readonly message: string;
}

/** A google.rpc.Status in protobuf (code = 1, int32; message = 2) or proto3 JSON. */
export function encodeStatus(status: RpcStatus, format: OtlpFormat): Uint8Array {
  if (!Number.isInteger(status.code) || status.code < -(2 ** 31) || status.code >= 2 ** 31) {
    throw new RangeError(`google.rpc.Status code must be an int32, got ${status.code}`);
  }
  if (format === 'json') return utf8.encode(JSON.stringify({ code: status.code, message: status.message }));
  const fields: EncodedField[] = [];
  // int32: negative values are sign-extended to 64 bits on the wire.
  if (status.code !== 0) fields.push(varintField(1, BigInt(status.code)));
  if (status.message !== '') fields.push(stringField(2, status.message));
  return encodeMessage(fields);
}
