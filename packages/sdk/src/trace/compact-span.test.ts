import { type Span, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { CompactSpan } from './compact-span.js';
import { PreciseClock } from './precise-clock.js';

const resource = resourceFromAttributes({ 'service.name': 'compact-span-test' });
const scope = { name: 'compact-span-test', version: '1.0.0', schemaUrl: undefined };
const clock = new PreciseClock();
const PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true };

function compactSpan(processors: SpanProcessor[] = []): CompactSpan {
  const context = { traceId: PARENT.traceId, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
  return new CompactSpan({ resource, instrumentationScope: scope, processors, clock }, context, PARENT, 'GET', SpanKind.SERVER, {
    'http.request.method': 'GET',
  });
}

const failure = Object.assign(new Error('boom'), { code: 'E_BOOM' });

/** The same calls on any span, as user code and instrumentations make them. */
function exercise(span: Span): void {
  span.setAttribute('http.response.status_code', 500);
  span.setAttributes({ 'user.id': 'u-1', ignored: undefined, 'list.value': ['a', 'b'] });
  span.setAttribute('', 'no key');
  span.setAttribute('bad.value', { nested: true } as never);
  span.addEvent('cache miss', { 'cache.key': 'k1' });
  span.recordException(failure);
  span.addLink({ context: { ...PARENT, spanId: '1111111111111111' }, attributes: { reason: 'batch' } });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  span.setStatus({ code: SpanStatusCode.UNSET });
  span.updateName('GET /users/:id');
  span.end();
  // After end: no effect, as on the SDK's span.
  span.setAttribute('late', 1);
  span.addEvent('late');
  span.updateName('renamed late');
  span.end();
}

/** What an exporter reads, without ids and times. */
function comparable(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    status: span.status,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    links: span.links,
    dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
    ended: span.ended,
  };
}

describe('CompactSpan', () => {
  it("records what the SDK's span records for the same calls", () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    exercise(provider.getTracer('sdk').startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } }));
    const reference = exporter.getFinishedSpans()[0] as ReadableSpan;
    const compact = compactSpan();
    exercise(compact);

    expect(comparable(compact)).toEqual(comparable(reference));
    expect(compact.events[1]?.attributes).toMatchObject({ 'exception.type': 'E_BOOM', 'exception.message': 'boom' });
  });

  it('hands itself to the processors at start and once at end, then stops recording', () => {
    const calls: string[] = [];
    const processor: SpanProcessor = {
      onStart: (span) => calls.push(`start ${span.name} recording=${span.isRecording()}`),
      onEnding: (span) => calls.push(`ending ${span.name}`),
      onEnd: (span) => calls.push(`end ${span.name} ended=${span.ended}`),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const span = compactSpan([processor]).started({} as never);
    expect(span.isRecording()).toBe(true);
    span.end();
    span.end();
    expect(calls).toEqual(['start GET recording=true', 'ending GET', 'end GET ended=true']);
    expect(span.isRecording()).toBe(false);
  });

  it('exposes its ids, parent, resource and scope as a ReadableSpan', () => {
    const span = compactSpan();
    expect(span.spanContext()).toEqual({ traceId: PARENT.traceId, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
    expect(span.parentSpanContext).toBe(PARENT);
    expect(span.resource).toBe(resource);
    expect(span.instrumentationScope).toBe(scope);
  });

  it('times itself on the wall clock at start and the monotonic clock after, never ending before it began', () => {
    const before = Date.now();
    const span = compactSpan();
    span.end();
    const toMs = ([seconds, nanos]: readonly [number, number]) => seconds * 1000 + nanos / 1e6;
    expect(toMs(span.startTime)).toBeGreaterThanOrEqual(before);
    expect(toMs(span.endTime)).toBeGreaterThanOrEqual(toMs(span.startTime));
    expect(toMs(span.duration)).toBeCloseTo(toMs(span.endTime) - toMs(span.startTime), 3);
    // Many times, so that some span starts right at a tick of Date.now(): never behind it.
    let behind = 0;
    for (let i = 0; i < 50_000; i++) {
      const wall = Date.now();
      if (toMs(compactSpan().startTime) < wall) behind++;
    }
    expect(behind).toBe(0);

    const early = compactSpan();
    early.end(new Date(before - 60_000));
    expect(early.endTime).toEqual(early.startTime);
  });

  it('drops attributes past 128 and counts them, as the default span limits do', () => {
    const span = compactSpan();
    for (let i = 0; i < 200; i++) span.setAttribute(`key.${i}`, i);
    expect(Object.keys(span.attributes)).toHaveLength(128);
    expect(span.droppedAttributesCount).toBe(73); // 1 initial + 127 set, 73 of 200 dropped
    span.setAttribute('key.0', 'replaced');
    expect(span.attributes['key.0']).toBe('replaced');
  });

  it.each([
    ['both, on a fresh span', 0, 201, '/users/:id', false],
    ['no status (no response was sent)', 0, undefined, '/users/:id', false],
    ['no route', 0, 404, undefined, false],
    ['neither', 0, undefined, undefined, false],
    ['room for one attribute only', 126, 500, '/orders', false],
    ['no room left', 127, 500, '/orders', false],
    ['after end', 0, 200, '/late', true],
  ] as const)('sets the server outcome as the two setAttribute() calls would: %s', (_name, filler, status, route, ended) => {
    const viaOutcome = compactSpan();
    const viaSetAttribute = compactSpan();
    for (const span of [viaOutcome, viaSetAttribute]) {
      for (let i = 0; i < filler; i++) span.setAttribute(`filler.${i}`, i);
      if (ended) span.end();
    }
    viaOutcome.setServerOutcome(status, route);
    if (status !== undefined) viaSetAttribute.setAttribute('http.response.status_code', status);
    if (route !== undefined) viaSetAttribute.setAttribute('http.route', route);

    expect(viaOutcome.attributes).toEqual(viaSetAttribute.attributes);
    expect(viaOutcome.droppedAttributesCount).toBe(viaSetAttribute.droppedAttributesCount);
    expect(Object.keys(viaOutcome.attributes).length).toBeLessThanOrEqual(128);
    // Set again (the pass finishing a span an app already gave a route): replaced, not counted twice.
    viaOutcome.setServerOutcome(status, route === undefined ? undefined : `${route}/again`);
    viaOutcome.setAttribute('one.more', 1);
    viaSetAttribute.setAttribute('http.response.status_code', status);
    viaSetAttribute.setAttribute('http.route', route === undefined ? undefined : `${route}/again`);
    viaSetAttribute.setAttribute('one.more', 1);
    expect(viaOutcome.attributes).toEqual(viaSetAttribute.attributes);
    expect(viaOutcome.droppedAttributesCount).toBe(viaSetAttribute.droppedAttributesCount);
  });
});
