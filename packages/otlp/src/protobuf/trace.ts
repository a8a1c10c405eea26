import { rethrowWithin } from '../errors.js';
import { optionalId } from '../ids.js';
import type { DecodeLimits } from '../limits.js';
import { Rejections } from '../rejections.js';
import { spanProblem } from '../span-checks.js';
import type { DecodedTraces, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink } from '../types.js';
import { checkListSize, decodeKeyValue, decodeScope, emptyScope, newAttributes } from './common.js';
import type { Draft } from './draft.js';
import { decodeExportEnvelope, exportEnvelope } from './envelope.js';
import { type FieldNames, ProtobufReader, tag, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './reader.js';

// opentelemetry/proto/trace/v1/trace.proto and collector/trace/v1/trace_service.proto.
const SCOPE_SPANS_FIELDS: FieldNames = { 1: 'scope', 2: 'spans', 3: 'schemaUrl' };
const SPAN_FIELDS: FieldNames = {
  1: 'traceId',
  2: 'spanId',
  3: 'traceState',
  4: 'parentSpanId',
  5: 'name',
  6: 'kind',
  7: 'startTimeUnixNano',
  8: 'endTimeUnixNano',
  9: 'attributes',
  10: 'droppedAttributesCount',
  11: 'events',
  12: 'droppedEventsCount',
  13: 'links',
  14: 'droppedLinksCount',
  15: 'status',
  16: 'flags',
};
const EVENT_FIELDS: FieldNames = { 1: 'timeUnixNano', 2: 'name', 3: 'attributes', 4: 'droppedAttributesCount' };
const LINK_FIELDS: FieldNames = { 1: 'traceId', 2: 'spanId', 3: 'traceState', 4: 'attributes', 5: 'droppedAttributesCount', 6: 'flags' };
const STATUS_FIELDS: FieldNames = { 2: 'message', 3: 'code' };

const TRACE_ENVELOPE = exportEnvelope(
  'resourceSpans',
  'scopeSpans',
  decodeScopeSpans,
  (resource, scopeSpans: ScopeSpans[], schemaUrl): ResourceSpans => ({
    resource,
    scopeSpans,
    schemaUrl,
  }),
);

/** Decodes an ExportTraceServiceRequest in protobuf; throws OtlpDecodeError when it is malformed. */
export function decodeTraceRequestProtobuf(body: Uint8Array, limits: DecodeLimits): DecodedTraces {
  const reader = new ProtobufReader(body, limits);
  const rejections = new Rejections(['resourceSpans', 'scopeSpans', 'spans']);
  const resourceSpans = decodeExportEnvelope(reader, rejections, TRACE_ENVELOPE);
  return { resourceSpans, rejected: rejections.count, errorMessage: rejections.errorMessage('span', 'spans') };
}

function decodeScopeSpans(reader: ProtobufReader, rejections: Rejections): ScopeSpans {
  const outer = reader.enter();
  let scope = emptyScope();
  const spans: Span[] = [];
  let schemaUrl = '';
  let index = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(2, WIRE_LEN)) {
        const span = decodeSpan(reader);
        const problem = spanProblem(span, 'hex');
        if (problem === undefined) spans.push(span);
        else rejections.add(`spans[${index}]`, problem);
        index++;
      } else if (fieldTag === tag(1, WIRE_LEN)) scope = decodeScope(reader);
      else if (fieldTag === tag(3, WIRE_LEN)) schemaUrl = reader.string();
      else reader.skip(fieldTag, SCOPE_SPANS_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(2, WIRE_LEN) ? `spans[${index}]` : (SCOPE_SPANS_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { scope, spans, schemaUrl };
}

/** A span as read; its ids are checked by the caller, which rejects the span rather than the request. */
function decodeSpan(reader: ProtobufReader): Span {
  const outer = reader.enter();
  const span = emptySpan();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      // The repeated fields are read here, where their counts for the limit and error paths live.
      if (fieldTag === tag(9, WIRE_LEN)) {
        checkListSize(reader, ++attributeCount);
        decodeKeyValue(reader, span.attributes, 0);
      } else if (fieldTag === tag(11, WIRE_LEN)) span.events.push(decodeEvent(reader));
      else if (fieldTag === tag(13, WIRE_LEN)) span.links.push(decodeLink(reader));
      else readSpanField(reader, fieldTag, span);
    }
  } catch (error) {
    rethrowWithin(error, spanSegment(fieldTag, attributeCount, span.events.length, span.links.length));
  }
  reader.leave(outer);
  return span;
}

const emptySpan = (): Draft<Span> => ({
  traceId: '',
  spanId: '',
  parentSpanId: undefined,
  traceState: '',
  flags: 0,
  name: '',
  kind: 0,
  startTimeUnixNano: 0n,
  endTimeUnixNano: 0n,
  attributes: newAttributes(),
  droppedAttributesCount: 0,
  events: [],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 0, message: '' },
});

/** One of the span's singular fields (or an unknown one, skipped). */
function readSpanField(reader: ProtobufReader, fieldTag: number, span: Draft<Span>): void {
  switch (fieldTag) {
    case tag(1, WIRE_LEN):
      span.traceId = reader.hex();
      break;
    case tag(2, WIRE_LEN):
      span.spanId = reader.hex();
      break;
    case tag(3, WIRE_LEN):
      span.traceState = reader.string();
      break;
    case tag(4, WIRE_LEN):
      span.parentSpanId = optionalId(reader.hex());
      break;
    case tag(5, WIRE_LEN):
      span.name = reader.string();
      break;
    case tag(6, WIRE_VARINT):
      span.kind = reader.int32();
      break;
    case tag(7, WIRE_I64):
      span.startTimeUnixNano = reader.fixed64();
      break;
    case tag(8, WIRE_I64):
      span.endTimeUnixNano = reader.fixed64();
      break;
    case tag(10, WIRE_VARINT):
      span.droppedAttributesCount = reader.uint32();
      break;
    case tag(12, WIRE_VARINT):
      span.droppedEventsCount = reader.uint32();
      break;
    case tag(14, WIRE_VARINT):
      span.droppedLinksCount = reader.uint32();
      break;
    case tag(15, WIRE_LEN):
      span.status = decodeStatus(reader);
      break;
    case tag(16, WIRE_I32):
      span.flags = reader.fixed32();
      break;
    default:
      reader.skip(fieldTag, SPAN_FIELDS);
  }
}

function spanSegment(fieldTag: number, attributeCount: number, eventCount: number, linkCount: number): string {
  if (fieldTag === tag(9, WIRE_LEN)) return `attributes[${attributeCount - 1}]`;
  if (fieldTag === tag(11, WIRE_LEN)) return `events[${eventCount}]`;
  if (fieldTag === tag(13, WIRE_LEN)) return `links[${linkCount}]`;
  return SPAN_FIELDS[fieldTag >>> 3] ?? '';
}

function decodeEvent(reader: ProtobufReader): SpanEvent {
  const outer = reader.enter();
  let timeUnixNano = 0n;
  let name = '';
  const attributes = newAttributes();
  let count = 0;
  let droppedAttributesCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_I64)) timeUnixNano = reader.fixed64();
      else if (fieldTag === tag(2, WIRE_LEN)) name = reader.string();
      else if (fieldTag === tag(3, WIRE_LEN)) {
        checkListSize(reader, ++count);
        decodeKeyValue(reader, attributes, 0);
      } else if (fieldTag === tag(4, WIRE_VARINT)) droppedAttributesCount = reader.uint32();
      else reader.skip(fieldTag, EVENT_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(3, WIRE_LEN) ? `attributes[${count - 1}]` : (EVENT_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { timeUnixNano, name, attributes, droppedAttributesCount };
}

function decodeLink(reader: ProtobufReader): SpanLink {
  const outer = reader.enter();
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes = newAttributes();
  let count = 0;
  let droppedAttributesCount = 0;
  let flags = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) traceId = reader.hex();
      else if (fieldTag === tag(2, WIRE_LEN)) spanId = reader.hex();
      else if (fieldTag === tag(3, WIRE_LEN)) traceState = reader.string();
      else if (fieldTag === tag(4, WIRE_LEN)) {
        checkListSize(reader, ++count);
        decodeKeyValue(reader, attributes, 0);
      } else if (fieldTag === tag(5, WIRE_VARINT)) droppedAttributesCount = reader.uint32();
      else if (fieldTag === tag(6, WIRE_I32)) flags = reader.fixed32();
      else reader.skip(fieldTag, LINK_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(4, WIRE_LEN) ? `attributes[${count - 1}]` : (LINK_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { traceId, spanId, traceState, attributes, droppedAttributesCount, flags };
}

function decodeStatus(reader: ProtobufReader): Span['status'] {
  const outer = reader.enter();
  let code = 0;
  let message = '';
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(2, WIRE_LEN)) message = reader.string();
      else if (fieldTag === tag(3, WIRE_VARINT)) code = reader.int32();
      else reader.skip(fieldTag, STATUS_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, STATUS_FIELDS[fieldTag >>> 3] ?? '');
  }
  reader.leave(outer);
  return { code, message };
}
