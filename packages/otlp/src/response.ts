import type { OtlpFormat } from './format.js';
import { ProtobufWriter, tag, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf/index.js';

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

// Export*ServiceResponse.partial_success = 1; Export*PartialSuccess: rejected_* = 1 (int64),
// error_message = 2; google.rpc.Status: code = 1 (int32), message = 2.
const PARTIAL_SUCCESS = tag(1, WIRE_LENGTH_DELIMITED);
const REJECTED = tag(1, WIRE_VARINT);
const ERROR_MESSAGE = tag(2, WIRE_LENGTH_DELIMITED);
const STATUS_CODE = tag(1, WIRE_VARINT);
const STATUS_MESSAGE = tag(2, WIRE_LENGTH_DELIMITED);

/** The writer's bytes in an array of their own (the writer's buffer may be larger). */
const bytesOf = (writer: ProtobufWriter): Uint8Array => new Uint8Array(writer.view());

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
  const writer = new ProtobufWriter(64 + errorMessage.length * 3);
  writer.uint32(PARTIAL_SUCCESS);
  const start = writer.beginMessage();
  if (rejected !== 0n) {
    // int64 as two's complement halves: a negative count is ten bytes, as protobuf writes it.
    const bits = BigInt.asUintN(64, rejected);
    writer.uint32(REJECTED);
    writer.varint64(Number(bits & 0xffff_ffffn), Number(bits >> 32n));
  }
  if (errorMessage !== '') {
    writer.uint32(ERROR_MESSAGE);
    writer.string(errorMessage);
  }
  writer.endMessage(start);
  return bytesOf(writer);
}

/** gRPC status codes a receiver's error bodies use (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
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
  const writer = new ProtobufWriter(16 + status.message.length * 3);
  if (status.code !== 0) {
    // int32: negative values are sign-extended to 64 bits on the wire.
    writer.uint32(STATUS_CODE);
    writer.int64(status.code);
  }
  if (status.message !== '') {
    writer.uint32(STATUS_MESSAGE);
    writer.string(status.message);
  }
  return bytesOf(writer);
}
