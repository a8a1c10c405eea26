import { type ProtobufWriter, tag, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../protobuf/index.js';
import { AttributesEncoder } from './attributes.js';
import type { SpanContextInput, SpanEventInput, SpanInput, SpanLinkInput } from './types.js';

// Field numbers from opentelemetry-proto trace/v1/trace.proto (Span, Span.Event, Span.Link, Status).
const SPAN_TRACE_ID = tag(1, WIRE_LENGTH_DELIMITED);
const SPAN_SPAN_ID = tag(2, WIRE_LENGTH_DELIMITED);
const SPAN_TRACE_STATE = tag(3, WIRE_LENGTH_DELIMITED);
const SPAN_PARENT_SPAN_ID = tag(4, WIRE_LENGTH_DELIMITED);
const SPAN_NAME = tag(5, WIRE_LENGTH_DELIMITED);
const SPAN_KIND = tag(6, WIRE_VARINT);
const SPAN_START_TIME = tag(7, WIRE_FIXED64);
const SPAN_END_TIME = tag(8, WIRE_FIXED64);
const SPAN_ATTRIBUTES = 9;
const SPAN_DROPPED_ATTRIBUTES = tag(10, WIRE_VARINT);
const SPAN_EVENTS = tag(11, WIRE_LENGTH_DELIMITED);
const SPAN_DROPPED_EVENTS = tag(12, WIRE_VARINT);
const SPAN_LINKS = tag(13, WIRE_LENGTH_DELIMITED);
const SPAN_DROPPED_LINKS = tag(14, WIRE_VARINT);
const SPAN_STATUS = tag(15, WIRE_LENGTH_DELIMITED);
const SPAN_FLAGS = tag(16, WIRE_FIXED32);

const EVENT_TIME = tag(1, WIRE_FIXED64);
const EVENT_NAME = tag(2, WIRE_LENGTH_DELIMITED);
const EVENT_ATTRIBUTES = 3;
const EVENT_DROPPED_ATTRIBUTES = tag(4, WIRE_VARINT);

const LINK_TRACE_ID = tag(1, WIRE_LENGTH_DELIMITED);
const LINK_SPAN_ID = tag(2, WIRE_LENGTH_DELIMITED);
const LINK_TRACE_STATE = tag(3, WIRE_LENGTH_DELIMITED);
const LINK_ATTRIBUTES = 4;
const LINK_DROPPED_ATTRIBUTES = tag(5, WIRE_VARINT);
const LINK_FLAGS = tag(6, WIRE_FIXED32);

const STATUS_MESSAGE = tag(2, WIRE_LENGTH_DELIMITED);
const STATUS_CODE = tag(3, WIRE_VARINT);

// trace.proto SpanFlags: bits 0-7 are the W3C trace flags, bit 8 says whether bit 9
// (the parent or linked context is remote) is known. OTel JS always sets bit 8.
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

/** A span message is 128 bytes to 16 KiB, so its length is reserved as two bytes and rarely moves. */
const SPAN_LENGTH_BYTES = 2;

function spanFlags(context: SpanContextInput, isRemote: boolean | undefined): number {
  return (context.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (isRemote ? FLAGS_IS_REMOTE : 0);
}

function writeCount(writer: ProtobufWriter, fieldTag: number, count: number | undefined): void {
  if (!count) return;
  writer.uint32(fieldTag);
  writer.uint32(count);
}

function writeTraceState(writer: ProtobufWriter, fieldTag: number, context: SpanContextInput): void {
  if (context.traceState === undefined) return;
  const serialized = context.traceState.serialize();
  if (serialized === '') return;
  writer.uint32(fieldTag);
  writer.string(serialized);
}

/**
 * Encodes finished spans as OTLP `Span` messages, written straight into a ProtobufWriter so a
 * span can be encoded when it ends and dropped at once (attribute keys through the cache of
 * {@link AttributesEncoder}).
 */
export class SpanEncoder extends AttributesEncoder {
  /** Writes `span` as a length-delimited Span message in field `field` of the enclosing message. */
  span(writer: ProtobufWriter, field: number, span: SpanInput): void {
    writer.uint32(tag(field, WIRE_LENGTH_DELIMITED));
    const start = writer.beginMessage(SPAN_LENGTH_BYTES);
    const context = span.spanContext();
    const parent = span.parentSpanContext;
    const words = span.idWords;
    writer.uint32(SPAN_TRACE_ID);
    if (words === undefined) writer.hexBytes(context.traceId);
    else writer.words128(words.trace0, words.trace1, words.trace2, words.trace3);
    writer.uint32(SPAN_SPAN_ID);
    if (words === undefined) writer.hexBytes(context.spanId);
    else writer.words64(words.span0, words.span1);
    writeTraceState(writer, SPAN_TRACE_STATE, context);
    if (parent?.spanId) {
      writer.uint32(SPAN_PARENT_SPAN_ID);
      writer.hexBytes(parent.spanId);
    }
    writer.uint32(SPAN_NAME);
    writer.string(span.name);
    // The proto enum reserves 0 for UNSPECIFIED, so the API's kinds are shifted by one.
    if (span.kind != null) {
      writer.uint32(SPAN_KIND);
      writer.uint32(span.kind + 1);
    }
    writer.uint32(SPAN_START_TIME);
    writer.hrTime(span.startTime);
    writer.uint32(SPAN_END_TIME);
    writer.hrTime(span.endTime);
    this.attributes(writer, SPAN_ATTRIBUTES, span.attributes);
    writeCount(writer, SPAN_DROPPED_ATTRIBUTES, span.droppedAttributesCount);
    for (let i = 0; i < span.events.length; i++) this.#event(writer, span.events[i] as SpanEventInput);
    writeCount(writer, SPAN_DROPPED_EVENTS, span.droppedEventsCount);
    for (let i = 0; i < span.links.length; i++) this.#link(writer, span.links[i] as SpanLinkInput);
    writeCount(writer, SPAN_DROPPED_LINKS, span.droppedLinksCount);
    this.#status(writer, span.status.code, span.status.message);
    writer.uint32(SPAN_FLAGS);
    writer.fixed32(spanFlags(context, parent?.isRemote));
    writer.endMessage(start, SPAN_LENGTH_BYTES);
  }

  #event(writer: ProtobufWriter, event: SpanEventInput): void {
    writer.uint32(SPAN_EVENTS);
    const start = writer.beginMessage();
    writer.uint32(EVENT_TIME);
    writer.hrTime(event.time);
    writer.uint32(EVENT_NAME);
    writer.string(event.name);
    if (event.attributes !== undefined) this.attributes(writer, EVENT_ATTRIBUTES, event.attributes);
    writeCount(writer, EVENT_DROPPED_ATTRIBUTES, event.droppedAttributesCount);
    writer.endMessage(start);
  }

  #link(writer: ProtobufWriter, link: SpanLinkInput): void {
    writer.uint32(SPAN_LINKS);
    const start = writer.beginMessage();
    const context = link.context;
    writer.uint32(LINK_TRACE_ID);
    writer.hexBytes(context.traceId);
    writer.uint32(LINK_SPAN_ID);
    writer.hexBytes(context.spanId);
    writeTraceState(writer, LINK_TRACE_STATE, context);
    if (link.attributes !== undefined) this.attributes(writer, LINK_ATTRIBUTES, link.attributes);
    writeCount(writer, LINK_DROPPED_ATTRIBUTES, link.droppedAttributesCount);
    writer.uint32(LINK_FLAGS);
    writer.fixed32(spanFlags(context, context.isRemote));
    writer.endMessage(start);
  }

  /** An unset status with no message is the proto default, so the field is left out. */
  #status(writer: ProtobufWriter, code: number, message: string | undefined): void {
    if (code === 0 && !message) return;
    writer.uint32(SPAN_STATUS);
    const start = writer.beginMessage();
    if (message) {
      writer.uint32(STATUS_MESSAGE);
      writer.string(message);
    }
    if (code !== 0) {
      writer.uint32(STATUS_CODE);
      writer.uint32(code);
    }
    writer.endMessage(start);
  }
}
