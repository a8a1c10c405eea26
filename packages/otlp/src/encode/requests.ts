import { ExportRequestEncoder, LogRecordBatch, SpanBatch } from './export-request.js';
import { LogRecordEncoder } from './log-record-encoder.js';
import { SpanEncoder } from './span-encoder.js';
import type { LogRecordInput, ResourceInput, ScopeInput, SpanInput } from './types.js';

/**
 * One ExportTraceServiceRequest body (protobuf) for `spans` under `resource`, grouped by
 * their `instrumentationScope`. For a stream of spans, keep a SpanEncoder, a SpanBatch and an
 * ExportRequestEncoder instead: they encode each span once, as it ends, and reuse their buffers.
 */
export function encodeTraceRequest(resource: ResourceInput, spans: Iterable<SpanInput>): Buffer {
  const encoder = new SpanEncoder();
  const batch = new SpanBatch();
  for (const span of spans) batch.add(span, encoder);
  return Buffer.from(new ExportRequestEncoder(resource, encoder).encode(batch));
}

/** One ExportLogsServiceRequest body (protobuf) for `records`, all from `scope`, under `resource`. */
export function encodeLogsRequest(resource: ResourceInput, scope: ScopeInput, records: Iterable<LogRecordInput>): Buffer {
  const encoder = new LogRecordEncoder();
  const batch = new LogRecordBatch();
  for (const record of records) batch.add(record, scope, encoder);
  return Buffer.from(new ExportRequestEncoder(resource, encoder).encode(batch));
}
