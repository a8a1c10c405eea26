import { ProtobufWriter, tag, varintSize, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../protobuf/index.js';
import type { AttributesEncoder } from './attributes.js';
import type { LogRecordEncoder } from './log-record-encoder.js';
import type { SpanEncoder } from './span-encoder.js';
import type { LogRecordInput, ResourceInput, ScopeInput, SpanInput } from './types.js';

// Field numbers from opentelemetry-proto: collector/trace/v1/trace_service.proto with
// trace/v1/trace.proto, and collector/logs/v1/logs_service.proto with logs/v1/logs.proto, which
// number their envelopes alike (ExportTraceServiceRequest.resource_spans and
// ExportLogsServiceRequest.resource_logs are both 1, and so on down to ScopeSpans.spans and
// ScopeLogs.log_records, both 2), so one encoder builds both requests; resource/v1/resource.proto
// and common/v1/common.proto for the resource and the scope.
const REQUEST_RESOURCE_SPANS = tag(1, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_RESOURCE = tag(1, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_SCOPE_SPANS = tag(2, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_SCHEMA_URL = tag(3, WIRE_LENGTH_DELIMITED);
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SCOPE = tag(1, WIRE_LENGTH_DELIMITED);
/** ScopeSpans.spans and ScopeLogs.log_records: the field each item is written in as it comes. */
const SCOPE_SPANS_ITEMS = 2;
const SCOPE_SPANS_SCHEMA_URL = tag(3, WIRE_LENGTH_DELIMITED);
const SCOPE_NAME = tag(1, WIRE_LENGTH_DELIMITED);
const SCOPE_VERSION = tag(2, WIRE_LENGTH_DELIMITED);
const SCOPE_ATTRIBUTES = 3;
const SCOPE_DROPPED_ATTRIBUTES = tag(4, WIRE_VARINT);

const EMPTY = Buffer.alloc(0);
const INITIAL_SCOPE_BUFFER_BYTES = 16 * 1024;
/** Past this many scopes a reset batch forgets its writers rather than keep one per scope forever. */
const MAX_RETAINED_SCOPES = 16;

/** A scope's ScopeSpans fields that do not change: `scope` and `schema_url`, tags included. */
interface ScopeFields {
  readonly scope: Buffer;
  readonly schemaUrl: Buffer;
}

/**
 * Items (spans or log records) encoded as they come, grouped by the instrumentation scope that
 * made them, each group already a run of `ScopeSpans.spans` (or `ScopeLogs.log_records`)
 * fields. Reset and reused once its request is built.
 */
export abstract class ScopeBatch {
  count = 0;
  /** Set when the batch is sealed; a flush waits for every batch up to a number. */
  sequence = 0;
  readonly #writers = new Map<ScopeInput, ProtobufWriter>();
  #lastScope: ScopeInput | undefined;
  #lastWriter: ProtobufWriter | undefined;

  /** The scopes with at least one item and their encoded items, in first-seen order. */
  *groups(): Generator<[ScopeInput, Buffer]> {
    for (const [scope, writer] of this.#writers) if (writer.position > 0) yield [scope, writer.view()];
  }

  reset(): void {
    this.count = 0;
    this.sequence = 0;
    if (this.#writers.size > MAX_RETAINED_SCOPES) {
      this.#writers.clear();
      this.#lastScope = undefined;
      this.#lastWriter = undefined;
    }
    for (const writer of this.#writers.values()) writer.reset();
  }

  /** The writer of `scope`'s group, made on first sight. */
  protected writerOf(scope: ScopeInput): ProtobufWriter {
    // Spans mostly come from one tracer, so the last scope is checked before the map.
    if (scope === this.#lastScope) return this.#lastWriter as ProtobufWriter;
    let writer = this.#writers.get(scope);
    if (writer === undefined) {
      writer = new ProtobufWriter(INITIAL_SCOPE_BUFFER_BYTES);
      this.#writers.set(scope, writer);
    }
    this.#lastScope = scope;
    this.#lastWriter = writer;
    return writer;
  }
}

/** Spans encoded as they end, in a `ScopeSpans.spans` run per scope. */
export class SpanBatch extends ScopeBatch {
  /** Encodes `span` into its scope's group; a span that fails to encode leaves no bytes behind. */
  add(span: SpanInput, encoder: SpanEncoder): void {
    const writer = this.writerOf(span.instrumentationScope);
    const start = writer.position;
    try {
      encoder.span(writer, SCOPE_SPANS_ITEMS, span);
    } catch (error) {
      writer.position = start;
      throw error;
    }
    this.count++;
  }
}

/** Log records, in a `ScopeLogs.log_records` run per scope. */
export class LogRecordBatch extends ScopeBatch {
  /** Encodes `record` into `scope`'s group; a record that fails to encode leaves no bytes behind. */
  add(record: LogRecordInput, scope: ScopeInput, encoder: LogRecordEncoder): void {
    const writer = this.writerOf(scope);
    const start = writer.position;
    try {
      encoder.logRecord(writer, SCOPE_SPANS_ITEMS, record);
    } catch (error) {
      writer.position = start;
      throw error;
    }
    this.count++;
  }
}

/**
 * Builds ExportTraceServiceRequest bodies from a SpanBatch, or ExportLogsServiceRequest bodies
 * from a LogRecordBatch: one ResourceSpans (ResourceLogs) for the configured resource, one
 * ScopeSpans (ScopeLogs) per scope of a batch. The resource is encoded once here and every
 * scope once on first sight; a request is then lengths and copies of bytes already encoded.
 */
export class ExportRequestEncoder {
  readonly #encoder: AttributesEncoder;
  /** `ResourceSpans.resource` with its tag, and `ResourceSpans.schema_url` (or nothing). */
  readonly #resource: Buffer;
  readonly #resourceSchemaUrl: Buffer;
  readonly #scopes = new WeakMap<ScopeInput, ScopeFields>();
  readonly #scopeLengths: number[] = [];

  constructor(resource: ResourceInput, encoder: AttributesEncoder) {
    this.#encoder = encoder;
    const writer = new ProtobufWriter(1024);
    writer.uint32(RESOURCE_SPANS_RESOURCE);
    const start = writer.beginMessage();
    encoder.attributes(writer, RESOURCE_ATTRIBUTES, resource.attributes);
    writer.endMessage(start);
    this.#resource = Buffer.from(writer.view());
    this.#resourceSchemaUrl = stringField(RESOURCE_SPANS_SCHEMA_URL, resource.schemaUrl);
  }

  /** The request body for `batch`, in a Buffer of its own that the batch can be reset after. */
  encode(batch: ScopeBatch): Buffer {
    const lengths = this.#scopeLengths;
    lengths.length = 0;
    let resourceSpansLength = this.#resource.length + this.#resourceSchemaUrl.length;
    for (const [scope, spans] of batch.groups()) {
      const fields = this.#scopeFields(scope);
      const length = fields.scope.length + spans.length + fields.schemaUrl.length;
      lengths.push(length);
      resourceSpansLength += varintSize(RESOURCE_SPANS_SCOPE_SPANS) + varintSize(length) + length;
    }
    const writer = new ProtobufWriter(varintSize(REQUEST_RESOURCE_SPANS) + varintSize(resourceSpansLength) + resourceSpansLength);
    writer.uint32(REQUEST_RESOURCE_SPANS);
    writer.uint32(resourceSpansLength);
    writer.raw(this.#resource);
    let index = 0;
    for (const [scope, spans] of batch.groups()) {
      const fields = this.#scopeFields(scope);
      writer.uint32(RESOURCE_SPANS_SCOPE_SPANS);
      writer.uint32(lengths[index++] as number);
      writer.raw(fields.scope);
      writer.raw(spans);
      writer.raw(fields.schemaUrl);
    }
    writer.raw(this.#resourceSchemaUrl);
    return writer.view();
  }

  #scopeFields(scope: ScopeInput): ScopeFields {
    let fields = this.#scopes.get(scope);
    if (fields !== undefined) return fields;
    const writer = new ProtobufWriter(256);
    writer.uint32(SCOPE_SPANS_SCOPE);
    const start = writer.beginMessage();
    writer.uint32(SCOPE_NAME);
    writer.string(scope.name);
    if (scope.version) {
      writer.uint32(SCOPE_VERSION);
      writer.string(scope.version);
    }
    if (scope.attributes !== undefined) this.#encoder.attributes(writer, SCOPE_ATTRIBUTES, scope.attributes);
    if (scope.droppedAttributesCount) {
      writer.uint32(SCOPE_DROPPED_ATTRIBUTES);
      writer.uint32(scope.droppedAttributesCount);
    }
    writer.endMessage(start);
    fields = { scope: Buffer.from(writer.view()), schemaUrl: stringField(SCOPE_SPANS_SCHEMA_URL, scope.schemaUrl) };
    this.#scopes.set(scope, fields);
    return fields;
  }
}

/** A string field with its tag, or no bytes for an empty or missing value (the proto default). */
function stringField(fieldTag: number, value: string | undefined): Buffer {
  if (!value) return EMPTY;
  const writer = new ProtobufWriter(64);
  writer.uint32(fieldTag);
  writer.string(value);
  return Buffer.from(writer.view());
}
