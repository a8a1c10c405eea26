// Encoding: OTLP/HTTP protobuf export requests (traces and logs) from plain inputs shaped like
// OpenTelemetry JS's spans and log records; the SDK's exporters build their requests with it.

export type { HrTime } from '../protobuf/index.js';
export { AttributesEncoder } from './attributes.js';
export { ExportRequestEncoder, LogRecordBatch, ScopeBatch, SpanBatch } from './export-request.js';
export { LogRecordEncoder } from './log-record-encoder.js';
export { encodeLogsRequest, encodeTraceRequest } from './requests.js';
export { SpanEncoder } from './span-encoder.js';
export type {
  AttributesInput,
  LogRecordInput,
  ResourceInput,
  ScopeInput,
  SpanContextInput,
  SpanEventInput,
  SpanIdWords,
  SpanInput,
  SpanLinkInput,
} from './types.js';
