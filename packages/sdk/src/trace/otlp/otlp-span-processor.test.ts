import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Tracer } from '@opentelemetry/api';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, createAlwaysRecordSampler, type Sampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFailingCollector } from '../../../test/support/failing-collector.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { eventually } from '../../testing/index.js';
import { type DropReason, type OtlpExportError, OtlpSpanProcessor, type OtlpSpanProcessorOptions } from './index.js';

const resource = resourceFromAttributes({ 'service.name': 'processor-test' });

interface Harness {
  readonly processor: OtlpSpanProcessor;
  readonly tracer: Tracer;
  readonly errors: OtlpExportError[];
  readonly drops: [number, DropReason][];
  /** Starts and ends `count` spans, synchronously. */
  endSpans(count: number, name?: string): void;
}

let receiver: OtlpReceiver;
const providers: TracerProvider[] = [];

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  await receiver.close();
});

function harness(options: Partial<OtlpSpanProcessorOptions> = {}, sampler?: Sampler, tracesResource: Resource = resource): Harness {
  const errors: OtlpExportError[] = [];
  const drops: [number, DropReason][] = [];
  const processor = new OtlpSpanProcessor({
    url: receiver.tracesUrl,
    resource: tracesResource,
    scheduledDelayMs: 60_000,
    onExportError: (error) => errors.push(error),
    onDropped: (count, reason) => drops.push([count, reason]),
    ...options,
  });
  const provider = new TracerProvider({ resource: tracesResource, sampler, spanProcessors: [processor] });
  providers.push(provider);
  const tracer = provider.getTracer('@sightline/sdk', '0.1.0');
  const endSpans = (count: number, name = 'span') => {
    for (let i = 0; i < count; i++) tracer.startSpan(`${name} ${i}`).end();
  };
  return { processor, tracer, errors, drops, endSpans };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1/traces`;
}

describe('OtlpSpanProcessor', () => {
  it('sends each full batch as one request of maxExportBatchSize spans, with the configured headers', async () => {
    const { processor, endSpans } = harness({ maxExportBatchSize: 10, maxQueueSize: 100, headers: { 'x-api-key': 'secret' } });
    endSpans(25);
    await receiver.waitFor((spans) => spans.length === 20);
    expect(receiver.requestCount).toBe(2);
    await processor.forceFlush();
    expect(receiver.spans).toHaveLength(25);
    expect(receiver.requestCount).toBe(3);
    expect(receiver.spans[0]?.resource).toEqual({ 'service.name': 'processor-test' });
    expect(receiver.spans[0]?.scope).toMatchObject({ name: '@sightline/sdk', version: '0.1.0' });
    expect(receiver.requestHeaders[0]).toMatchObject({ 'content-type': 'application/x-protobuf', 'x-api-key': 'secret' });
    expect(receiver.rejected).toEqual([]);
  });

  it('sends a partial batch once scheduledDelayMs has passed', async () => {
    const { endSpans } = harness({ scheduledDelayMs: 50 });
    endSpans(3);
    await receiver.waitFor((spans) => spans.length === 3, 3000);
    expect(receiver.requestCount).toBe(1);
  });

  it('arms its timer only while spans wait: an idle processor never wakes the process', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const armed = () => timers.mock.calls.filter(([, delay]) => delay === 40).length;
      const { endSpans } = harness({ scheduledDelayMs: 40 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(armed()).toBe(0);
      endSpans(3);
      expect(armed()).toBe(1);
      await receiver.waitFor((spans) => spans.length === 3, 3000);
      await new Promise((resolve) => setTimeout(resolve, 120));
      // Sent, and nothing waits: the timer was not armed again.
      expect(armed()).toBe(1);
      endSpans(2);
      expect(armed()).toBe(2);
      await receiver.waitFor((spans) => spans.length === 5, 3000);
      expect(receiver.requestCount).toBe(2);
    } finally {
      timers.mockRestore();
    }
  });

  it('never sends from inside onEnd: a full batch leaves on a later turn of the event loop', async () => {
    let socketsOpened = 0;
    const onSocket = () => socketsOpened++;
    subscribe('net.client.socket', onSocket);
    try {
      const { endSpans } = harness({ maxExportBatchSize: 5 });
      endSpans(5);
      expect(socketsOpened).toBe(0);
      expect(receiver.requestCount).toBe(0);
      await receiver.waitFor((spans) => spans.length === 5);
      expect(socketsOpened).toBeGreaterThan(0);
      expect(receiver.requestCount).toBe(1);
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
  });

  it('retries 503 answers with backoff and delivers the batch exactly once', async () => {
    const { processor, errors, endSpans } = harness();
    receiver.script([503, 503]);
    endSpans(3);
    await processor.forceFlush();
    expect(receiver.requestCount).toBe(3);
    expect(receiver.spans.map((span) => span.name)).toEqual(['span 0', 'span 1', 'span 2']);
    expect(errors).toEqual([]);
  });

  it('waits as long as Retry-After asks when that fits within the export timeout', async () => {
    const { processor, errors, endSpans } = harness({ timeoutMs: 5000 });
    receiver.script([{ status: 429, headers: { 'retry-after': '1' } }]);
    endSpans(1);
    const started = performance.now();
    await processor.forceFlush();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(receiver.spans).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('gives up at once when Retry-After asks for longer than the export timeout allows', async () => {
    const { processor, errors, drops, endSpans } = harness({ timeoutMs: 2000 });
    receiver.script([{ status: 503, headers: { 'retry-after': '3600' } }]);
    endSpans(2);
    const started = performance.now();
    await processor.forceFlush();
    expect(performance.now() - started).toBeLessThan(1500);
    expect(receiver.requestCount).toBe(1);
    expect(errors.map((error) => [error.status, error.attempts])).toEqual([[503, 1]]);
    expect(drops).toEqual([[2, 'export-failed']]);
  });

  it('reports a 400 through onExportError and does not retry it', async () => {
    const { processor, errors, drops, endSpans } = harness();
    receiver.script([400]);
    endSpans(2);
    await processor.forceFlush();
    expect(receiver.requestCount).toBe(1);
    expect(receiver.spans).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'OtlpExportError', code: 'SL_OTLP_EXPORT_FAILED', status: 400, attempts: 1, items: 2 });
    expect(errors[0]?.message).toContain('HTTP 400: scripted 400');
    expect(drops).toEqual([[2, 'export-failed']]);
  });

  it('never throws when nothing listens at the endpoint, and forceFlush settles within the export timeout', async () => {
    const { processor, errors, drops, endSpans } = harness({ url: await closedPortUrl(), timeoutMs: 500 });
    expect(() => endSpans(3)).not.toThrow();
    const started = performance.now();
    await processor.forceFlush();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.status).toBeUndefined();
    expect(errors[0]?.attempts).toBeGreaterThan(1);
    expect(errors[0]?.message).toContain('ECONNREFUSED');
    expect(drops).toEqual([[3, 'export-failed']]);
  });

  it('at shutdown fails the flush to a refused port at once and leaves the spans to undelivered() instead of onExportError', async () => {
    const url = await closedPortUrl();
    const { processor, errors, drops, endSpans } = harness({ url, timeoutMs: 60_000, shutdownFlushMs: 60_000 });
    endSpans(3);
    await processor.shutdown();
    expect(errors).toEqual([]);
    expect(drops).toEqual([[3, 'export-failed']]);
    expect(processor.undelivered()).toEqual({
      count: 3,
      endpoint: url,
      reason: expect.stringMatching(/ECONNREFUSED .*\(not retried during shutdown\)$/),
    });
  });

  it('abandons an export to a hanging collector at the shutdown flush deadline', async () => {
    const collector = await startFailingCollector('hanging');
    try {
      const { processor, errors, drops, endSpans } = harness({
        url: `${collector.url}/v1/traces`,
        timeoutMs: 60_000,
        shutdownFlushMs: 200,
      });
      endSpans(2);
      await processor.shutdown();
      expect(collector.hits).toBe(1);
      expect(errors).toEqual([]);
      expect(drops).toEqual([[2, 'export-failed']]);
      expect(processor.undelivered()?.reason).toMatch(/200 ms shutdown flush deadline/);
    } finally {
      await collector.close();
    }
  });

  it('reports nothing undelivered when the shutdown flush delivered everything', async () => {
    const { processor, endSpans } = harness();
    endSpans(2);
    await processor.shutdown();
    expect(receiver.spans).toHaveLength(2);
    expect(processor.undelivered()).toBeUndefined();
  });

  it('drops spans past maxQueueSize without blocking and reports how many through onDropped', async () => {
    const { processor, drops, endSpans } = harness({ maxQueueSize: 5, maxExportBatchSize: 5 });
    endSpans(8);
    expect(drops).toEqual([]);
    await eventually(() => (drops.length > 0 ? drops : undefined), 'the drop report');
    expect(drops).toEqual([[3, 'queue-full']]);
    await processor.forceFlush();
    expect(receiver.spans.map((span) => span.name)).toEqual(['span 0', 'span 1', 'span 2', 'span 3', 'span 4']);
  });

  it('keeps at most maxConcurrentExports requests in flight and queues the rest', async () => {
    const { processor, endSpans } = harness({ maxExportBatchSize: 1, maxConcurrentExports: 2 });
    receiver.script(Array.from({ length: 5 }, () => ({ status: 200, delayMs: 100 })));
    endSpans(5);
    await processor.forceFlush();
    expect(receiver.spans).toHaveLength(5);
    expect(receiver.requestCount).toBe(5);
    expect(receiver.peakConcurrency).toBe(2);
  });

  it('ignores spans that are recorded but not sampled', async () => {
    const { processor, tracer } = harness({}, createAlwaysRecordSampler(new AlwaysOffSampler()));
    const span = tracer.startSpan('recorded only');
    expect(span.isRecording()).toBe(true);
    span.end();
    await processor.forceFlush();
    expect(receiver.requestCount).toBe(0);
  });

  it('flushes on shutdown, returns the same promise when called again, and ignores spans that end afterwards', async () => {
    const { processor, endSpans, errors } = harness();
    endSpans(3);
    const first = processor.shutdown();
    expect(processor.shutdown()).toBe(first);
    await first;
    expect(receiver.spans).toHaveLength(3);
    endSpans(2, 'late');
    await processor.forceFlush();
    expect(receiver.requestCount).toBe(1);
    expect(errors).toEqual([]);
  });

  it('waits for asynchronous resource attributes and exports them', async () => {
    const detected = resourceFromAttributes({ 'service.name': 'processor-test', 'host.id': Promise.resolve('host-1') });
    expect(detected.asyncAttributesPending).toBe(true);
    const { processor, endSpans } = harness({}, undefined, detected);
    endSpans(1);
    await processor.forceFlush();
    expect(receiver.spans[0]?.resource).toEqual({ 'service.name': 'processor-test', 'host.id': 'host-1' });
  });
});
