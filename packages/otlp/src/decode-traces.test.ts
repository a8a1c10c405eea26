import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode.js';
import type { OtlpFormat } from './format.js';
import type { DecodedTraces, Span } from './types.js';
import { SpanKind, StatusCode } from './types.js';
import { asAttributes, nanos, REMOTE_PARENT, upstreamSpans } from './upstream.fixture.js';

/** What OTLP says a ReadableSpan becomes (opentelemetry-proto trace.proto; SpanFlags bits 8 and 9). */
function expectedSpan(span: ReadableSpan): Span {
  const spanContext = span.spanContext();
  const remote = span.parentSpanContext?.isRemote === true;
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    traceState: spanContext.traceState?.serialize() ?? '',
    flags: spanContext.traceFlags | 0x100 | (remote ? 0x200 : 0),
    name: span.name,
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: asAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: nanos(event.time),
      name: event.name,
      attributes: asAttributes(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceState: link.context.traceState?.serialize() ?? '',
      attributes: asAttributes(link.attributes),
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
      flags: link.context.traceFlags | 0x100 | (link.context.isRemote ? 0x200 : 0),
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}

const serializers = { protobuf: ProtobufTraceSerializer, json: JsonTraceSerializer } as const;

describe.each(['protobuf', 'json'] as const)(
  'decodeTraceRequest on what upstream otlp-transformer serializes (%s)',
  (format: OtlpFormat) => {
    let spans: ReadableSpan[];
    let decoded: DecodedTraces;
    const spanNamed = (name: string) => decoded.resourceSpans[0]?.scopeSpans[0]?.spans.find((span) => span.name === name) as Span;

    beforeAll(async () => {
      spans = await upstreamSpans();
      const body = serializers[format].serializeRequest(spans) as Uint8Array;
      decoded = decodeTraceRequest(body, format);
    });

    it('decodes every span field as upstream wrote it', () => {
      expect(decoded.rejected).toBe(0);
      expect(decoded.errorMessage).toBe('');
      expect(decoded.resourceSpans).toHaveLength(1);
      expect(decoded.resourceSpans[0]?.scopeSpans).toHaveLength(1);
      expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans).toEqual(spans.map(expectedSpan));
    });

    it('decodes the resource and the instrumentation scope with their schema urls', () => {
      const [resourceSpans] = decoded.resourceSpans;
      expect(resourceSpans?.resource).toEqual({
        attributes: { 'service.name': 'checkout', 'service.version': '1.4.2', 'process.pid': 4242, 'host.arch': 'amd64' },
        droppedAttributesCount: 0,
      });
      expect(resourceSpans?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
      expect(resourceSpans?.scopeSpans[0]?.scope).toEqual({
        name: '@sightline/orders',
        version: '2.0.1',
        attributes: {},
        droppedAttributesCount: 0,
      });
      expect(resourceSpans?.scopeSpans[0]?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
    });

    it('keeps the remote parent, its trace state and the is-remote flags of a server span', () => {
      const server = spanNamed('GET /orders/:id');
      expect(server.traceId).toBe(REMOTE_PARENT.traceId);
      expect(server.parentSpanId).toBe(REMOTE_PARENT.spanId);
      expect(server.traceState).toBe('vendor=a1,other=b2');
      expect(server.flags).toBe(0x301);
      expect(server.kind).toBe(SpanKind.SERVER);
      expect(server.startTimeUnixNano).toBe(1_764_633_600_123_456_789n);
      expect(server.endTimeUnixNano).toBe(1_764_633_601_000_000_000n);
    });

    it('decodes attributes of every value type, and the count the span limits dropped', () => {
      const server = spanNamed('GET /orders/:id');
      expect(server.attributes['http.response.status_code']).toBe(200);
      expect(server.attributes['app.ratio']).toBe(0.25);
      expect(server.attributes['app.cached']).toBe(true);
      expect(server.attributes['app.tags']).toEqual(['a', 'b', 'ü']);
      expect(server.attributes['app.sizes']).toEqual([1, 2, 3]);
      expect(Object.keys(server.attributes)).toHaveLength(8);
      expect(server.droppedAttributesCount).toBe(1);
    });

    it('decodes events, links and status of a child span, with the counts the limits dropped', () => {
      const child = spanNamed('SELECT orders');
      expect(child.kind).toBe(SpanKind.CLIENT);
      expect(child.parentSpanId).toBe(spanNamed('GET /orders/:id').spanId);
      expect(child.events.map((event) => event.name)).toEqual(['rows', 'second']);
      expect(child.events[0]?.attributes).toEqual({ 'db.rows': 3 });
      expect(child.droppedEventsCount).toBe(1);
      expect(child.links).toEqual([
        {
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: 'b7ad6b7169203331',
          traceState: '',
          attributes: { 'link.kind': 'follows' },
          droppedAttributesCount: 0,
          flags: 0x300,
        },
      ]);
      expect(child.droppedLinksCount).toBe(1);
      expect(child.status).toEqual({ code: StatusCode.OK, message: '' });
    });

    it('decodes an error status and the exception event', () => {
      const failing = spanNamed('charge');
      expect(failing.status).toEqual({ code: StatusCode.ERROR, message: 'card declined' });
      expect(failing.events[0]?.name).toBe('exception');
      expect(failing.events[0]?.attributes['exception.type']).toBe('TypeError');
      expect(failing.events[0]?.attributes['exception.message']).toBe('card declined');
      expect(typeof failing.events[0]?.attributes['exception.stacktrace']).toBe('string');
    });
  },
);

describe('decodeTraceRequest, both formats', () => {
  it('decodes the same values from upstream protobuf and upstream JSON', async () => {
    const spans = await upstreamSpans();
    const fromProtobuf = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, 'protobuf');
    const fromJson = decodeTraceRequest(JsonTraceSerializer.serializeRequest(spans) as Uint8Array, 'json');
    expect(fromJson).toEqual(fromProtobuf);
  });

  it.each(['protobuf', 'json'] as const)('treats an empty %s body as an empty request', (format) => {
    expect(decodeTraceRequest(new Uint8Array(0), format)).toEqual({ resourceSpans: [], rejected: 0, errorMessage: '' });
  });
});
