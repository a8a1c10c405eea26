import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { SpanKind as SPAN_KIND } from '@sightline/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../../src/adapters/node.js';
import { createObserver, type Observer } from '../../src/index.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';

const UNDICI_SCOPE = '@opentelemetry/instrumentation-undici';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The test's own calls go through node:http, which nothing instruments here: undici would trace them too. */
async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const [res] = (await once(request(url, { headers }).end(), 'response')) as [IncomingMessage];
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode ?? 0, body };
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A Sightline service whose handler calls a plain backend with the global fetch() (undici). */
async function startService(receiver: OtlpReceiver, backendUrl: string) {
  const observer: Observer = createObserver({
    env: {},
    serviceName: 'compat',
    log: { level: 'silent' },
    metrics: { defaultMetrics: false },
    trace: { endpoint: receiver.tracesUrl, sampleRatio: 1, scheduledDelayMs: 50 },
    http: { routes: ['/call'] },
  });
  const activeSpanIds: string[] = [];
  const server = createServer(
    sightlineHandler(observer, async (_req, res) => {
      activeSpanIds.push(trace.getActiveSpan()?.spanContext().spanId ?? 'none');
      const response = await fetch(`${backendUrl}/work`);
      res.end(await response.text());
    }),
  );
  const url = await listen(server);
  return {
    url,
    activeSpanIds,
    async stop() {
      server.close();
      server.closeAllConnections();
      await observer.shutdown();
    },
  };
}

// Registered globally before createObserver(), as the OpenTelemetry docs do it: the
// instrumentation's tracer is the global proxy, which delegates to Sightline's provider once
// createObserver() registered it (each test file runs in its own process).
describe('an upstream OpenTelemetry instrumentation (undici) under the Sightline request pass', () => {
  const instrumentation = new UndiciInstrumentation();
  let receiver: OtlpReceiver;
  let backend: Server;
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let backendUrl: string;
  const backendHeaders: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    backend = createServer((req, res) => {
      backendHeaders.push(req.headers);
      res.end('done');
    });
    backendUrl = await listen(backend);
    service = await startService(receiver, backendUrl);
  });

  afterAll(async () => {
    await service?.stop();
    instrumentation.disable();
    backend?.close();
    backend?.closeAllConnections();
    await receiver?.close();
  });

  it("exports the undici client span as a child of Sightline's server span, in the same trace", async () => {
    expect(await get(`${service!.url}/call`)).toEqual({ status: 200, body: 'done' });
    const spans = await receiver.waitFor((all) => all.length >= 2);
    expect(spans).toHaveLength(2);
    const server = spans.find((span) => span.kind === SPAN_KIND.SERVER) as ReceivedSpan;
    const client = spans.find((span) => span.kind === SPAN_KIND.CLIENT) as ReceivedSpan;
    expect(server).toMatchObject({ name: 'GET /call', scope: { name: '@sightline/sdk' }, parentSpanId: undefined });
    expect(server.resource['service.name']).toBe('compat');
    expect(client.scope.name).toBe(UNDICI_SCOPE);
    expect(client.traceId).toBe(server.traceId);
    expect(client.parentSpanId).toBe(server.spanId);
    expect(client.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${backendUrl}/work` });
    // The client span lies within the server span.
    expect(client.startTimeUnixNano).toBeGreaterThanOrEqual(server.startTimeUnixNano);
    expect(client.endTimeUnixNano).toBeLessThanOrEqual(server.endTimeUnixNano);
    expect(service!.activeSpanIds).toEqual([server.spanId]);

    // The instrumentation propagated its client span to the backend, through the global propagator.
    const traceparent = TRACEPARENT.exec(String(backendHeaders.at(-1)?.traceparent));
    expect(traceparent?.slice(1)).toEqual([server.traceId, client.spanId, '01']);
  });

  it("carries an unsampled caller's trace id through the instrumentation, exporting no span", async () => {
    const exportedBefore = receiver.spans.length;
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const answer = await get(`${service!.url}/call`, { traceparent: `00-${callerTraceId}-${callerSpanId}-00` });
    expect(answer).toEqual({ status: 200, body: 'done' });
    const traceparent = TRACEPARENT.exec(String(backendHeaders.at(-1)?.traceparent));
    expect(traceparent?.[1]).toBe(callerTraceId);
    expect(traceparent?.[3]).toBe('00');
    // The (non-recording) server span has an id of its own, neither the caller's nor the client call's.
    const requestSpanId = service!.activeSpanIds.at(-1);
    expect(requestSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect([callerSpanId, traceparent?.[2]]).not.toContain(requestSpanId);
    // A sampled request after it is exported; the unsampled one in between never was.
    expect(await get(`${service!.url}/call`)).toEqual({ status: 200, body: 'done' });
    const spans = await receiver.waitFor((all) => all.length >= exportedBefore + 2);
    expect(spans.slice(exportedBefore).map((span) => span.traceId)).not.toContain(callerTraceId);
  });
});
