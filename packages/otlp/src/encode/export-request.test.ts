import { type Attributes, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '../decode.js';
import { ExportRequestEncoder, SpanBatch } from './export-request.js';
import { SpanEncoder } from './span-encoder.js';

const resource = resourceFromAttributes({ 'service.name': 'export-request' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
const sdkScope: InstrumentationScope = { name: '@sightline/sdk', version: '0.1.0', schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' };
const pgScope: InstrumentationScope = { name: 'pg' };

let nextSpanId = 1;

function span(name: string, instrumentationScope: InstrumentationScope = sdkScope, attributes: Attributes = {}): ReadableSpan {
  const spanId = (nextSpanId++).toString(16).padStart(16, '0');
  return {
    name,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: TraceFlags.SAMPLED }),
    startTime: [1_767_225_600, 0],
    endTime: [1_767_225_600, 5_000],
    duration: [0, 5_000],
    status: { code: SpanStatusCode.UNSET },
    attributes,
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function encode(spans: readonly ReadableSpan[], requestResource: Resource = resource) {
  const encoder = new SpanEncoder();
  const batch = new SpanBatch();
  for (const item of spans) batch.add(item, encoder);
  return decodeExportTraceServiceRequest(new ExportRequestEncoder(requestResource, encoder).encode(batch));
}

/** Our own decoder, strict about ids and lengths: every span must come back, none rejected. */
function decodeExportTraceServiceRequest(body: Uint8Array) {
  const decoded = decodeTraceRequest(body, 'protobuf');
  expect(decoded.rejected).toBe(0);
  return decoded.resourceSpans;
}

describe('ExportRequestEncoder', () => {
  it('groups spans by scope in the order scopes were first seen, keeping span order within each', () => {
    const [decoded] = encode([span('a'), span('query 1', pgScope), span('b'), span('query 2', pgScope)]);
    expect(decoded?.scopeSpans.map((scopeSpans) => [scopeSpans.scope.name, scopeSpans.spans.map((s) => s.name)])).toEqual([
      ['@sightline/sdk', ['a', 'b']],
      ['pg', ['query 1', 'query 2']],
    ]);
  });

  it('writes scope name, version and schema URL, and the resource’s schema URL', () => {
    const [decoded] = encode([span('a'), span('q', pgScope)]);
    expect(decoded?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(decoded?.scopeSpans.map(({ scope, schemaUrl }) => [scope.name, scope.version, schemaUrl])).toEqual([
      ['@sightline/sdk', '0.1.0', 'https://opentelemetry.io/schemas/1.26.0'],
      ['pg', '', ''],
    ]);
  });

  it('exports under the resource it was given, encoded once when it was constructed', () => {
    const attributes = { 'service.name': 'before' };
    const custom: Resource = { ...resource, attributes, schemaUrl: undefined };
    const encoder = new SpanEncoder();
    const requests = new ExportRequestEncoder(custom, encoder);
    attributes['service.name'] = 'after';
    const batch = new SpanBatch();
    batch.add(span('a'), encoder);
    const [decoded] = decodeExportTraceServiceRequest(requests.encode(batch));
    expect(decoded?.resource.attributes).toEqual({ 'service.name': 'before' });
    expect(decoded?.schemaUrl).toBe('');
  });

  it('encodes large batches whose scope and span messages need multi-byte lengths', () => {
    const spans = Array.from({ length: 200 }, (_, i) =>
      span(`span ${i}`, i % 3 === 0 ? pgScope : sdkScope, { 'long.value': 'x'.repeat(300) }),
    );
    const [decoded] = encode(spans);
    const names = decoded?.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans.map((s) => s.name));
    expect(names).toHaveLength(200);
    expect(decoded?.scopeSpans[1]?.spans[0]?.attributes).toEqual({ 'long.value': 'x'.repeat(300) });
  });
});

describe('SpanBatch', () => {
  it('leaves no bytes behind for a span that fails to encode, and counts only the spans it holds', () => {
    const poisoned: Attributes = {};
    Object.defineProperty(poisoned, 'broken', {
      enumerable: true,
      get() {
        throw new Error('attribute getter failed');
      },
    });
    const encoder = new SpanEncoder();
    const batch = new SpanBatch();
    batch.add(span('good'), encoder);
    expect(() => batch.add(span('bad', sdkScope, poisoned), encoder)).toThrow('attribute getter failed');
    batch.add(span('after'), encoder);
    expect(batch.count).toBe(2);
    const [decoded] = decodeExportTraceServiceRequest(new ExportRequestEncoder(resource, encoder).encode(batch));
    expect(decoded?.scopeSpans[0]?.spans.map((s) => s.name)).toEqual(['good', 'after']);
  });

  it('starts empty after reset and holds only the spans added since', () => {
    const encoder = new SpanEncoder();
    const batch = new SpanBatch();
    batch.add(span('old'), encoder);
    batch.add(span('old query', pgScope), encoder);
    batch.reset();
    expect(batch.count).toBe(0);
    expect([...batch.groups()]).toEqual([]);
    batch.add(span('new', pgScope), encoder);
    const [decoded] = decodeExportTraceServiceRequest(new ExportRequestEncoder(resource, encoder).encode(batch));
    expect(decoded?.scopeSpans.map((scopeSpans) => scopeSpans.spans.map((s) => s.name))).toEqual([['new']]);
  });
});
