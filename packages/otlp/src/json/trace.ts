import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import { optionalId } from '../ids.js';
import type { DecodeLimits } from '../limits.js';
import { Rejections } from '../rejections.js';
import { spanProblem } from '../span-checks.js';
import type { DecodedTraces, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink } from '../types.js';
import { eachObject, keyValues, messageField, resource, scope } from './common.js';
import { arrayField, enumField, hexIdField, isObject, type JsonObject, stringField, uint32Field, uint64Field } from './fields.js';

/** Decodes a parsed OTLP/JSON ExportTraceServiceRequest; throws OtlpDecodeError when it is malformed. */
export function decodeTraceRequestJson(request: unknown, limits: DecodeLimits): DecodedTraces {
  if (!isObject(request)) throw new OtlpDecodeError(CODES.jsonType, 'the body must be a JSON object');
  const rejections = new Rejections(['resourceSpans', 'scopeSpans', 'spans']);
  const resourceSpans = eachObject(arrayField(request, 'resourceSpans'), 'resourceSpans', (object, index): ResourceSpans => {
    rejections.resourceIndex = index;
    return {
      resource: messageField(object, 'resource', (message) => resource(message, limits)),
      scopeSpans: eachObject(arrayField(object, 'scopeSpans'), 'scopeSpans', (scopeObject, scopeIndex) => {
        rejections.scopeIndex = scopeIndex;
        return scopeSpans(scopeObject, rejections, limits);
      }),
      schemaUrl: stringField(object, 'schemaUrl', limits),
    };
  });
  return { resourceSpans, rejected: rejections.count, errorMessage: rejections.errorMessage('span', 'spans') };
}

function scopeSpans(object: JsonObject, rejections: Rejections, limits: DecodeLimits): ScopeSpans {
  const spans: Span[] = [];
  eachObject(arrayField(object, 'spans'), 'spans', (spanObject, index) => {
    const decoded = span(spanObject, limits);
    const problem = spanProblem(decoded, 'text');
    if (problem === undefined) spans.push(decoded);
    else rejections.add(`spans[${index}]`, problem);
  });
  return {
    scope: messageField(object, 'scope', (message) => scope(message, limits)),
    spans,
    schemaUrl: stringField(object, 'schemaUrl', limits),
  };
}

function span(object: JsonObject, limits: DecodeLimits): Span {
  return {
    traceId: hexIdField(object, 'traceId', limits),
    spanId: hexIdField(object, 'spanId', limits),
    parentSpanId: optionalId(hexIdField(object, 'parentSpanId', limits)),
    traceState: stringField(object, 'traceState', limits),
    flags: uint32Field(object, 'flags'),
    name: stringField(object, 'name', limits),
    kind: enumField(object, 'kind'),
    startTimeUnixNano: uint64Field(object, 'startTimeUnixNano'),
    endTimeUnixNano: uint64Field(object, 'endTimeUnixNano'),
    attributes: keyValues(object, 'attributes', 0, limits),
    droppedAttributesCount: uint32Field(object, 'droppedAttributesCount'),
    events: eachObject(arrayField(object, 'events'), 'events', (event) => spanEvent(event, limits)),
    droppedEventsCount: uint32Field(object, 'droppedEventsCount'),
    links: eachObject(arrayField(object, 'links'), 'links', (link) => spanLink(link, limits)),
    droppedLinksCount: uint32Field(object, 'droppedLinksCount'),
    status: messageField(object, 'status', (status) =>
      status === undefined
        ? { code: 0, message: '' }
        : { code: enumField(status, 'code'), message: stringField(status, 'message', limits) },
    ),
  };
}

function spanEvent(object: JsonObject, limits: DecodeLimits): SpanEvent {
  return {
    timeUnixNano: uint64Field(object, 'timeUnixNano'),
    name: stringField(object, 'name', limits),
    attributes: keyValues(object, 'attributes', 0, limits),
    droppedAttributesCount: uint32Field(object, 'droppedAttributesCount'),
  };
}

function spanLink(object: JsonObject, limits: DecodeLimits): SpanLink {
  return {
    traceId: hexIdField(object, 'traceId', limits),
    spanId: hexIdField(object, 'spanId', limits),
    traceState: stringField(object, 'traceState', limits),
    attributes: keyValues(object, 'attributes', 0, limits),
    droppedAttributesCount: uint32Field(object, 'droppedAttributesCount'),
    flags: uint32Field(object, 'flags'),
  };
}
