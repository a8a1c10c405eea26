import {
  type Attributes,
  createTraceState,
  type HrTime,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, type SpanLimits, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '../decode.js';
import { type ResourceSpans, SpanKind as SPAN_KIND, StatusCode as STATUS_CODE } from '../types.js';
import { ExportRequestEncoder, SpanBatch } from './export-request.js';
import { SpanEncoder } from './span-encoder.js';

const resource = resourceFromAttributes(
  { 'service.name': 'conformance', 'service.version': '1.2.3', 'host.cpu.count': 2, 'deployment.canary': false },
  { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
);

const REMOTE_PARENT: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: createTraceState('vendor=abc,other=1'),
};
const LINKED: SpanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE };
const START: HrTime = [1_767_225_600, 123_456_789];
const END: HrTime = [1_767_225_600, 987_654_321];

/** Our own decoder, strict about ids and lengths: every span must come back, none rejected. */
function decodeExportTraceServiceRequest(body: Uint8Array): readonly ResourceSpans[] {
  const decoded = decodeTraceRequest(body, 'protobuf');
  expect(decoded.rejected).toBe(0);
  return decoded.resourceSpans;
}

function ours(spans: readonly ReadableSpan[], encoder = new SpanEncoder()): readonly ResourceSpans[] {
  const batch = new SpanBatch();
  for (const span of spans) batch.add(span, encoder);
  const body = new ExportRequestEncoder(spans[0]?.resource ?? resource, encoder).encode(batch);
  // A plain Uint8Array view, as OTel's serializer returns, so decoded bytes values compare equal.
  return decodeExportTraceServiceRequest(new Uint8Array(body.buffer, body.byteOffset, body.length));
}

function theirs(spans: readonly ReadableSpan[]): readonly ResourceSpans[] {
  const body = ProtobufTraceSerializer.serializeRequest([...spans]);
  if (body === undefined) throw new Error('OTel serializer returned nothing');
  return decodeExportTraceServiceRequest(body);
}

async function recordSpans(run: (provider: TracerProvider) => void, spanLimits?: SpanLimits): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanLimits, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  run(provider);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** A request's worth of spans: server, client, internal, producer and consumer, from two scopes. */
function requestSpans(provider: TracerProvider): void {
  const tracer = provider.getTracer('@sightline/sdk', '0.1.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const queue = provider.getTracer('queue-client');
  const server = tracer.startSpan(
    'GET /users/:id',
    {
      kind: SpanKind.SERVER,
      startTime: START,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/users/42',
        'http.response.status_code': 500,
        'app.retry': false,
        'app.cached': true,
        'app.delta': -17,
        'app.offset': -(2 ** 40),
        'app.ratio': 0.25,
        'app.zero': 0,
        'app.empty': '',
        'app.tags': ['a', 'b'],
        'app.codes': [200, -1, 3.5],
        'app.flags': [true, false],
        'app.sparse': ['x', null],
        'app.greeting': 'héllo 世界 😀',
        'user_agent.original': `Mozilla/5.0 ${'(compatible; long agent) '.repeat(8)}`,
      },
    },
    trace.setSpanContext(ROOT_CONTEXT, REMOTE_PARENT),
  );
  server.addEvent('cache.miss', { 'cache.key': 'user:42', 'cache.size': 3 }, [1_767_225_600, 200_000_000]);
  server.addEvent('no attributes');
  server.recordException(new TypeError('boom'));
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });

  const inRequest = trace.setSpan(ROOT_CONTEXT, server);
  const client = tracer.startSpan('SELECT users', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, inRequest);
  client.setStatus({ code: SpanStatusCode.OK });
  client.end();

  const render = tracer.startSpan(
    'render',
    {
      kind: SpanKind.INTERNAL,
      links: [
        { context: LINKED, attributes: { 'link.reason': 'retry of', 'link.attempt': 2 } },
        { context: { ...REMOTE_PARENT, spanId: '1111111111111111' } },
      ],
    },
    inRequest,
  );
  render.end();

  queue.startSpan('publish orders', { kind: SpanKind.PRODUCER }, inRequest).end();
  queue.startSpan('process orders', { kind: SpanKind.CONSUMER }).end();
  server.end(END);
}

function handmadeSpan(overrides: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: 'handmade',
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId: LINKED.traceId, spanId: '2222222222222222', traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: undefined,
    startTime: START,
    endTime: END,
    duration: [0, 864_197_532],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: { name: 'handmade', version: '1.0.0' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...overrides,
  };
}

/** The request bytes of `spans` through `encoder`. */
function requestBytes(spans: readonly ReadableSpan[], encoder: SpanEncoder): Buffer {
  const batch = new SpanBatch();
  for (const span of spans) batch.add(span, encoder);
  return new ExportRequestEncoder(resource, encoder).encode(batch);
}

describe('SpanEncoder conformance with OpenTelemetry JS’s own serializer', () => {
  it('decodes to the same request for a request’s worth of real spans of every kind', async () => {
    const spans = await recordSpans(requestSpans);
    expect(spans).toHaveLength(5);
    const decoded = ours(spans);
    expect(decoded).toEqual(theirs(spans));

    const [resourceSpans] = decoded;
    expect(resourceSpans?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(resourceSpans?.scopeSpans.map((scope) => [scope.scope.name, scope.spans.length])).toEqual([
      ['@sightline/sdk', 3],
      ['queue-client', 2],
    ]);
    const byName = new Map(decoded.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).map((span) => [span.name, span]));
    const server = byName.get('GET /users/:id');
    expect(server?.kind).toBe(SPAN_KIND.SERVER);
    expect(server?.parentSpanId).toBe(REMOTE_PARENT.spanId);
    expect(server?.traceState).toBe('vendor=abc,other=1');
    expect(server?.flags).toBe(0x301);
    expect(server?.startTimeUnixNano).toBe(1_767_225_600_123_456_789n);
    expect(server?.status).toEqual({ code: STATUS_CODE.ERROR, message: 'upstream failed' });
    expect(server?.attributes['app.offset']).toBe(-(2 ** 40));
    expect(server?.attributes['app.ratio']).toBe(0.25);
    expect(byName.get('render')?.links.map((link) => link.flags)).toEqual([0x100, 0x301]);
    expect([...byName.values()].map((span) => span.kind)).toEqual([
      SPAN_KIND.CLIENT,
      SPAN_KIND.INTERNAL,
      SPAN_KIND.SERVER,
      SPAN_KIND.PRODUCER,
      SPAN_KIND.CONSUMER,
    ]);
  });

  it('decodes to the same request when span limits dropped attributes, events and links', async () => {
    const limits = {
      attributeCountLimit: 2,
      eventCountLimit: 1,
      linkCountLimit: 1,
      attributePerEventCountLimit: 1,
      attributePerLinkCountLimit: 1,
    };
    const spans = await recordSpans((provider) => {
      const span = provider.getTracer('limits').startSpan('limited', {
        attributes: { a: 1, b: 2, c: 3, d: 4 },
        // The link limit keeps the newest link, so the one with attributes goes last.
        links: [{ context: LINKED }, { context: LINKED, attributes: { x: 1, y: 2 } }],
      });
      span.addEvent('first', { p: 1, q: 2, r: 3 });
      span.addEvent('second', { p: 1, q: 2 });
      span.end();
    }, limits);
    const decoded = ours(spans);
    expect(decoded).toEqual(theirs(spans));
    const span = decoded[0]?.scopeSpans[0]?.spans[0];
    expect([span?.droppedAttributesCount, span?.droppedEventsCount, span?.droppedLinksCount]).toEqual([2, 1, 1]);
    expect(span?.events[0]?.droppedAttributesCount).toBe(1);
    expect(span?.links[0]?.droppedAttributesCount).toBe(1);
  });

  it('decodes to the same request for values the API does not produce: bytes, maps, int64 extremes, NaN, null', () => {
    const attributes = {
      'int.unsafe': 2 ** 53,
      'int.largest_double_below_2_63': 2 ** 63 - 1024,
      'int.min_int64': -(2 ** 63),
      'int.negative_zero': -0,
      'double.two_to_63': 2 ** 63,
      'double.nan': Number.NaN,
      'double.infinity': Number.POSITIVE_INFINITY,
      bytes: new Uint8Array([1, 2, 3]),
      map: { nested: { deep: true }, list: [1, 'two', null] },
      empty_map: {},
      null: null,
      undefined: undefined,
      bigint: 10n,
    } as unknown as Attributes;
    const scope = { name: 'handmade', version: '1.0.0', schemaUrl: 'https://example.com/s', attributes: { 'scope.kind': 'test' } };
    const spans = [
      handmadeSpan({ attributes, instrumentationScope: scope as InstrumentationScope }),
      handmadeSpan({ name: 'no kind', kind: undefined as unknown as SpanKind, events: [{ name: 'bare', time: START }] }),
    ];
    expect(ours(spans)).toEqual(theirs(spans));
  });

  it('decodes to the same request when attribute keys outnumber the key cache', async () => {
    const spans = await recordSpans((provider) => {
      const tracer = provider.getTracer('many-keys');
      for (let i = 0; i < 3; i++) tracer.startSpan(`span ${i}`, { attributes: { first: i, second: `v${i}`, third: i % 2 === 0 } }).end();
    });
    expect(ours(spans, new SpanEncoder(2))).toEqual(theirs(spans));
  });

  it('writes short pairs to the same bytes as the general path, at every length and value edge', () => {
    // A key field of 'k' is 3 bytes: a string pair is 7 + units bytes, one-byte lengths up to 120 units.
    const strings = [0, 1, 119, 120, 121, 200].map((units) => 'x'.repeat(units));
    const nonAscii = ['é', 'aé', `${'a'.repeat(30)}é`, '\u{1F600}', 'a\u0080'];
    const numbers = [0, 127, 128, 2 ** 28 - 1, 2 ** 28, 2 ** 31, -1, -0, 1.5, Number.NaN, 2 ** 53];
    const values = [...strings, ...nonAscii, ...numbers, true, false, [1, 2], new Uint8Array([7])];
    const spans = values.map((value, i) =>
      handmadeSpan({
        name: `value ${i}`,
        // The same keys in changing orders and counts: the position cache must follow the keys.
        attributes: (i % 3 === 0 ? { k: value, other: 'o' } : i % 3 === 1 ? { other: 'o', k: value } : { k: value }) as Attributes,
      }),
    );
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`key.${i}`, i % 2 === 0 ? i : `v${i}`]));
    spans.push(handmadeSpan({ name: 'wide', attributes: wide }), handmadeSpan({ name: 'wide again', attributes: wide }));
    const encode = (encoder: SpanEncoder) => requestBytes(spans, encoder);
    // An encoder without a key cache takes the general path for every attribute. One encoder
    // three times: the first writes fresh pairs, the second remembers those that repeat, the third copies them.
    const general = encode(new SpanEncoder(0));
    const encoder = new SpanEncoder();
    for (let pass = 0; pass < 3; pass++) expect(encode(encoder).equals(general)).toBe(true);
    expect(ours(spans)).toEqual(theirs(spans));
  });

  it('copies a remembered pair only while its position holds the same key and value', () => {
    // Values that alternate, change type, or compare equal but encode alike (0 and -0), at one position.
    const values = ['GET', 'GET', 'GET', 'POST', 'GET', 'GET', 200, 200, '200', '200', 0, -0, -0, 0, true, true, 'é', 'é'];
    const spans = values.map((value, i) =>
      handmadeSpan({ name: `span ${i}`, attributes: (i % 5 === 4 ? { other: value } : { key: value, after: 'a' }) as Attributes }),
    );
    const encode = (encoder: SpanEncoder) => requestBytes(spans, encoder);
    const general = encode(new SpanEncoder(0));
    const encoder = new SpanEncoder();
    for (let pass = 0; pass < 3; pass++) expect(encode(encoder).equals(general)).toBe(true);
    expect(ours(spans)).toEqual(theirs(spans));
  });

  it('writes ids given as words to the same bytes as from their hex digits', async () => {
    const spans = await recordSpans(requestSpans);
    const words = (traceId: string, spanId: string) => {
      const trace = Buffer.from(traceId, 'hex');
      const span = Buffer.from(spanId, 'hex');
      return {
        trace0: trace.readInt32BE(0),
        trace1: trace.readInt32BE(4),
        trace2: trace.readInt32BE(8),
        trace3: trace.readInt32BE(12),
        span0: span.readInt32BE(0),
        span1: span.readInt32BE(4),
      };
    };
    // The recorded spans' random ids, and ids whose words have the sign bit set, clear, all ones, all zeros.
    const ids = [
      ...spans.map((span) => [span.spanContext().traceId, span.spanContext().spanId] as const),
      ['ffffffff800000000000000012345678', '7fffffff80000001'] as const,
      ['00000000000000000000000000000001', 'ffffffffffffffff'] as const,
    ];
    for (const [index, [traceId, spanId]] of ids.entries()) {
      const span = spans[index % spans.length] as ReadableSpan;
      const context = { ...span.spanContext(), traceId, spanId };
      const fromHex: ReadableSpan = Object.assign(Object.create(span), { spanContext: () => context });
      const fromWords: ReadableSpan = Object.assign(Object.create(span), { spanContext: () => context, idWords: words(traceId, spanId) });
      const expected = requestBytes([fromHex], new SpanEncoder());
      expect(requestBytes([fromWords], new SpanEncoder()).equals(expected)).toBe(true);
      expect(decodeExportTraceServiceRequest(expected)[0]?.scopeSpans[0]?.spans[0]?.traceId).toBe(traceId);
    }
  });

  it('encodes a span to the same bytes whether its keys are cached or not', async () => {
    const spans = await recordSpans(requestSpans);
    const encode = (encoder: SpanEncoder) => requestBytes(spans, encoder);
    const warm = new SpanEncoder();
    const first = encode(warm);
    expect(encode(warm).equals(first)).toBe(true);
    expect(encode(new SpanEncoder(0)).equals(first)).toBe(true);
  });
});
