import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ProtobufWriter, tag, varintSize, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf-writer.js';
import type { SpanEncoder } from './span-encoder.js';

// Field numbers from opentelemetry-proto: collector/trace/v1/trace_service.proto,
// trace/v1/trace.proto, resource/v1/resource.proto and common/v1/common.proto.
const REQUEST_RESOURCE_SPANS = tag(1, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_RESOURCE = tag(1, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_SCOPE_SPANS = tag(2, WIRE_LENGTH_DELIMITED);
const RESOURCE_SPANS_SCHEMA_URL = tag(3, WIRE_LENGTH_DELIMITED);
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SCOPE = tag(1, WIRE_LENGTH_DELIMITED);
/** ScopeSpans.spans: the field each span is written in as it ends. */
const SCOPE_SPANS_SPANS = 2;
const SCOPE_SPANS_SCHEMA_URL = tag(3, WIRE_LENGTH_DELIMITED);
const SCOPE_NAME = tag(1, WIRE_LENGTH_DELIMITED);
const SCOPE_VERSION = tag(2, WIRE_LENGTH_DELIMITED);
const SCOPE_ATTRIBUTES = 3;
const SCOPE_DROPPED_ATTRIBUTES = tag(4, WIRE_VARINT);

const EMPTY = Buffer.alloc(0);
const INITIAL_SCOPE_BUFFER_BYTES = 16 * 1024;
/** Past this many scopes a reset batch forgets its writers rather than keep one per scope forever. */
const MAX_RETAINED_SCOPES = 16;

/** The core type has no attributes yet; OTel JS's serializer writes them when a scope has them. */
type ScopeWithAttributes = InstrumentationScope & { readonly attributes?: Attributes; readonly droppedAttributesCount?: number };

/** A scope's ScopeSpans fields that do not change: `scope` and `schema_url`, tags included. */
interface ScopeFields {
  readonly scope: Buffer;
  readonly schemaUrl: Buffer;
}

/**
 * Spans encoded as they end, grouped by the instrumentation scope that made them, each group
 * already a run of `ScopeSpans.spans` fields. Reset and reused once its request is built.
 */
export class SpanBatch {
  count = 0;
  /** Set when the batch is sealed; forceFlush() waits for every batch up to a number. */
  sequence = 0;
  readonly #writers = new Map<InstrumentationScope, ProtobufWriter>();
  #lastScope: InstrumentationScope | undefined;
  #lastWriter: ProtobufWriter | undefined;

  /** Encodes `span` into its scope's group; a span that fails to encode leaves no bytes behind. */
  add(span: ReadableSpan, encoder: SpanEncoder): void {
    const writer = this.#writerFor(span.instrumentationScope);
    const start = writer.position;
    try {
      encoder.span(writer, SCOPE_SPANS_SPANS, span);
    } catch (error) {
      writer.position = start;
      throw error;
    }
    this.count++;
  }

  /** The scopes with at least one span and their encoded spans, in first-seen order. */
  *groups(): Generator<[InstrumentationScope, Buffer]> {
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

  #writerFor(scope: InstrumentationScope): ProtobufWriter {
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

/**
 * Builds ExportTraceServiceRequest bodies: one ResourceSpans for the configured resource, one
 * ScopeSpans per scope of a batch. The resource is encoded once here and every scope once on
 * first sight; a request is then lengths and copies of bytes already encoded.
 */
export class ExportRequestEncoder {
  readonly #encoder: SpanEncoder;
  /** `ResourceSpans.resource` with its tag, and `ResourceSpans.schema_url` (or nothing). */
  readonly #resource: Buffer;
  readonly #resourceSchemaUrl: Buffer;
  readonly #scopes = new WeakMap<InstrumentationScope, ScopeFields>();
  readonly #scopeLengths: number[] = [];

  constructor(resource: Resource, encoder: SpanEncoder) {
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
  encode(batch: SpanBatch): Buffer {
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

  #scopeFields(scope: ScopeWithAttributes): ScopeFields {
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
