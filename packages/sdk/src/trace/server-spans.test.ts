import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  RandomIdGenerator,
  type Sampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { idWordsOf } from '../../test/support/id-words.js';
import { CompactSpan } from './compact-span.js';
import { PooledIdGenerator } from './pooled-id-generator.js';
import { PreciseClock } from './precise-clock.js';
import { LeanServerSpans } from './server-spans.js';

const CALLER = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true };

function request(): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'PATCH';
  req.httpVersion = '1.1';
  req.headers = { 'user-agent': 'test-agent/1.0' };
  return req;
}

/** `askRoot`: the root sampler handed over too, as createTracing() does; without it every decision goes through ParentBased. */
function lean(root: Sampler, askRoot: boolean) {
  const exporter = new InMemorySpanExporter();
  const spans = new LeanServerSpans({
    sampler: new ParentBasedSampler({ root }),
    ...(askRoot ? { rootSampler: root } : {}),
    idGenerator: new PooledIdGenerator(),
    resource: resourceFromAttributes({ 'service.name': 'lean' }),
    instrumentationScope: { name: '@sightline/sdk' },
    processors: [new SimpleSpanProcessor({ exporter })],
    clock: new PreciseClock(),
  });
  return { spans, exporter };
}

const callerContext = (traceFlags: number) => trace.setSpanContext(ROOT_CONTEXT, { ...CALLER, traceFlags });

describe.each([
  ['with its root sampler asked directly', true],
  ['through ParentBased alone', false],
])('LeanServerSpans, %s', (_name, askRoot) => {
  it('starts a sampled root request as a recording server span carrying the request attributes', () => {
    const { spans, exporter } = lean(new AlwaysOnSampler(), askRoot);
    const span = spans.start(ROOT_CONTEXT, 'PATCH', 'PATCH', '/orders/7', request());
    expect(span).toBeInstanceOf(CompactSpan);
    expect(span.spanContext()).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), traceFlags: TraceFlags.SAMPLED });
    span.end();
    const [finished] = exporter.getFinishedSpans();
    expect(finished).toMatchObject({ name: 'PATCH', kind: SpanKind.SERVER, parentSpanContext: undefined });
    expect(finished?.attributes).toEqual({
      'http.request.method': 'PATCH',
      'url.path': '/orders/7',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'client.address': '',
      'user_agent.original': 'test-agent/1.0',
    });
  });

  it('keeps the original method of an unknown one', () => {
    const { spans } = lean(new AlwaysOnSampler(), askRoot);
    const span = spans.start(ROOT_CONTEXT, '_OTHER', 'PURGE', '/', request()) as CompactSpan;
    expect(span.attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' });
  });

  it('counts the request attributes against the 128-attribute limit (known and unknown methods, attributes a sampler adds)', () => {
    const attributed: Sampler = {
      shouldSample: () => ({ decision: 2, attributes: { 'sampler.a': 1, 'sampler.b': 2 } }),
      toString: () => 'attributed',
    };
    for (const [root, method, raw, held] of [
      [new AlwaysOnSampler(), 'GET', 'GET', 6],
      [new AlwaysOnSampler(), '_OTHER', 'PURGE', 7],
      [attributed, 'GET', 'GET', 8],
    ] as const) {
      const { spans } = lean(root, askRoot);
      const span = spans.start(ROOT_CONTEXT, method, raw, '/', request()) as CompactSpan;
      expect(Object.keys(span.attributes)).toHaveLength(held);
      for (let i = 0; i < 130; i++) span.setAttribute(`app.${i}`, i);
      expect(Object.keys(span.attributes)).toHaveLength(128);
      expect(span.droppedAttributesCount).toBe(130 - (128 - held));
    }
  });

  it('gives an unsampled request a non-recording span with ids of its own, and exports nothing', () => {
    const { spans, exporter } = lean(new AlwaysOffSampler(), askRoot);
    const span = spans.start(ROOT_CONTEXT, 'GET', 'GET', '/', request());
    expect(span).not.toBeInstanceOf(CompactSpan);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext()).toEqual({
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      traceFlags: TraceFlags.NONE,
    });
    span.end();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("gives a sampled span its ids' bytes as words when it made both ids, none under a caller's trace", () => {
    const { spans } = lean(new AlwaysOnSampler(), askRoot);
    const root = spans.start(ROOT_CONTEXT, 'GET', 'GET', '/', request()) as CompactSpan;
    const { traceId, spanId } = root.spanContext();
    expect(root.idWords).toEqual(idWordsOf(traceId, spanId));
    const child = spans.start(callerContext(TraceFlags.SAMPLED), 'GET', 'GET', '/', request()) as CompactSpan;
    expect(child.isRecording()).toBe(true);
    expect(child.idWords).toBeUndefined();
    // Another id generator's ids get no words: only the pool they came from has their bytes.
    const other = new LeanServerSpans({
      sampler: new AlwaysOnSampler(),
      idGenerator: new RandomIdGenerator(),
      resource: resourceFromAttributes({ 'service.name': 'lean' }),
      instrumentationScope: { name: '@sightline/sdk' },
      processors: [],
      clock: new PreciseClock(),
    });
    const random = other.start(ROOT_CONTEXT, 'GET', 'GET', '/', request()) as CompactSpan;
    expect(random.isRecording()).toBe(true);
    expect(random.idWords).toBeUndefined();
  });

  it("follows a caller's sampled flag whatever the ratio, continuing its trace under its span", () => {
    const { spans } = lean(new AlwaysOffSampler(), askRoot);
    const sampled = spans.start(callerContext(TraceFlags.SAMPLED), 'GET', 'GET', '/', request()) as CompactSpan;
    expect(sampled.isRecording()).toBe(true);
    expect(sampled.spanContext().traceId).toBe(CALLER.traceId);
    expect(sampled.parentSpanContext).toMatchObject(CALLER);

    const { spans: always } = lean(new AlwaysOnSampler(), askRoot);
    const unsampled = always.start(callerContext(TraceFlags.NONE), 'GET', 'GET', '/', request());
    expect(unsampled.isRecording()).toBe(false);
    expect(unsampled.spanContext()).toMatchObject({ traceId: CALLER.traceId, traceFlags: TraceFlags.NONE });
    expect(unsampled.spanContext().spanId).not.toBe(CALLER.spanId);
  });

  it('samples root requests at the configured ratio, deciding on the trace id as the SDK does', () => {
    const { spans } = lean(new TraceIdRatioBasedSampler(0.25), askRoot);
    const reference = new TraceIdRatioBasedSampler(0.25);
    let sampled = 0;
    for (let i = 0; i < 2000; i++) {
      const span = spans.start(ROOT_CONTEXT, 'GET', 'GET', '/', request());
      const { traceId } = span.spanContext();
      const expected = reference.shouldSample(ROOT_CONTEXT, traceId).decision !== 0;
      expect(span.isRecording()).toBe(expected);
      if (expected) sampled++;
    }
    expect(sampled).toBeGreaterThan(350);
    expect(sampled).toBeLessThan(650);
  });
});
