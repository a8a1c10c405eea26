import { createServer } from 'node:http';
import { propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../../src/adapters/node.js';
import { createObserver, type Observer } from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';
import type { LogLine } from '../support/observer-harness.js';
import { listen, type RunningApp } from '../support/running-app.js';
import { type SentryEvent, type SentryIngest, startSentryIngest } from './sentry-ingest.js';

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

/**
 * The real @sentry/node, sending to a local stand-in for Sentry's ingest: what reaches the
 * wire is what is asserted. The observer registers globally, as a service's one observer does.
 */
describe('errors to Sentry', () => {
  let ingest: SentryIngest;
  let observer: Observer;
  let app: RunningApp;
  const lines: LogLine[] = [];
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    ingest = await startSentryIngest();
    observer = createObserver({
      serviceName: 'checkout',
      serviceVersion: '2.3.4',
      environment: 'staging',
      env: {},
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      trace: { endpoint: 'http://127.0.0.1:9/v1/traces' },
      log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }], sampling: false },
      metrics: { defaultMetrics: false },
      http: { routes: ['/orders/:id', '/boom', '/crash'] },
      errors: { sentry: { dsn: ingest.dsn }, processHandlers: false },
      shutdownTimeoutMs: 3000,
    });
    app = await listen(
      createServer(
        sightlineHandler(observer, (req, res) => {
          if (req.url === '/boom') throw new Error('handler exploded');
          if (req.url === '/crash') throw new Error('another throw site');
          observer.logger.info({ order_id: 9, card: 'visa', token: 'tok_secret' }, 'loading order');
          observer.setUser('u-42');
          observer.logger.warn('payment provider slow');
          observer.errors.capture(new PaymentDeclinedError('card declined'), {
            tags: { provider: 'acme' },
            extra: { amount_cents: 2500 },
          });
          res.end('ok');
        }),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await observer?.shutdown();
    await ingest?.close();
  });

  const eventWithId = (eventId: string): Promise<SentryEvent> =>
    eventually(() => ingest.events.find((event) => event.event_id === eventId), `Sentry event ${eventId}`, 10_000);

  const capturedLine = (requestId: string) =>
    eventually(
      () => lines.find((line) => line.msg === 'error captured' && line.request_id === requestId),
      `the captured line of ${requestId}`,
    );

  it('leaves OpenTelemetry to the observer: our tracer provider and propagator stay global, Sentry has no global client', () => {
    trace.getTracer('probe').startSpan('global-probe').end();
    expect(exporter.getFinishedSpans().some((span) => span.name === 'global-probe')).toBe(true);
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
    expect(Sentry.getClient()).toBeUndefined();
  });

  it('sends an error captured in a request with our fingerprint, environment, release, tags, user, breadcrumbs and trace id', async () => {
    const response = await fetch(`${app.baseUrl}/orders/9`, { headers: { 'x-request-id': 'req-sentry-1' } });
    await response.text();
    const line = await capturedLine('req-sentry-1');
    const event = await eventWithId(line.event_id as string);

    expect(event.exception?.values[0]).toMatchObject({
      type: 'PaymentDeclinedError',
      value: 'card declined',
      mechanism: { type: 'generic', handled: true },
    });
    expect(event.exception?.values[0]?.stacktrace?.frames?.length).toBeGreaterThan(0);
    expect(event).toMatchObject({
      level: 'error',
      fingerprint: [line.fingerprint],
      environment: 'staging',
      release: '2.3.4',
      transaction: 'GET /orders/:id',
      tags: { provider: 'acme', request_id: 'req-sentry-1', route: '/orders/:id', service: 'checkout' },
      user: { id: 'u-42' },
      extra: { amount_cents: 2500 },
      contexts: { trace: { trace_id: line.trace_id, span_id: line.span_id } },
    });
    expect(event.breadcrumbs?.map(({ message, level, category, data }) => ({ message, level, category, data }))).toEqual([
      { message: 'loading order', level: 'info', category: 'log', data: { order_id: 9, card: 'visa', token: '[REDACTED]' } },
      { message: 'payment provider slow', level: 'warning', category: 'log', data: undefined },
    ]);
  });

  it('sends a request that failed with a thrown error once, as an http capture', async () => {
    const response = await fetch(`${app.baseUrl}/boom`, { headers: { 'x-request-id': 'req-sentry-2' } });
    expect(response.status).toBe(500);
    await response.text();
    const line = await capturedLine('req-sentry-2');
    const event = await eventWithId(line.event_id as string);

    expect(event.exception?.values[0]).toMatchObject({
      type: 'Error',
      value: 'handler exploded',
      mechanism: { type: 'sightline.http', handled: false },
    });
    expect(event).toMatchObject({ transaction: 'GET /boom', tags: { route: '/boom', request_id: 'req-sentry-2' } });
    expect(ingest.events.filter((candidate) => candidate.tags?.request_id === 'req-sentry-2')).toHaveLength(1);
  });

  it('gives two throw sites of one anonymous handler two fingerprints, the ones the log lines carry', async () => {
    const events: SentryEvent[] = [];
    const fingerprints: unknown[] = [];
    for (const [path, requestId] of [
      ['/boom', 'req-sentry-site-1'],
      ['/crash', 'req-sentry-site-2'],
    ] as const) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { 'x-request-id': requestId } });
      await response.text();
      const line = await capturedLine(requestId);
      events.push(await eventWithId(line.event_id as string));
      fingerprints.push(line.fingerprint);
    }
    expect(events.map((event) => event.fingerprint)).toEqual(fingerprints.map((fingerprint) => [fingerprint]));
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
  });

  it('censors secret keys on what was thrown, in extra (errors included) and in tags before the event leaves', async () => {
    // Sentry normalises extra three levels deep: the secrets sit where it still shows values.
    const thrown = { token: 'S1', response: { status: 401, password: 'S2' } };
    const upstream = Object.assign(new Error('upstream refused', { cause: { password: 'S3' } }), { apiKey: 'S4', status: 401 });

    const eventIds = [
      observer.errors.capture(thrown, { tags: { 'x-session-token': 'S5', provider: 'acme' } }),
      observer.errors.capture(new Error('profile fetch failed'), { extra: { upstream, sessionId: 'S6' } }),
    ];
    const [fromObject, fromError] = await Promise.all(eventIds.map(eventWithId));

    expect(JSON.stringify([fromObject, fromError])).not.toMatch(/S[1-6]/);
    expect(fromObject?.tags).toMatchObject({ 'x-session-token': '[REDACTED]', provider: 'acme' });
    expect(fromObject?.extra?.__serialized__).toEqual({ token: '[REDACTED]', response: { status: 401, password: '[REDACTED]' } });
    expect(fromError?.extra).toMatchObject({
      upstream: { message: 'upstream refused', apiKey: '[REDACTED]', status: 401, cause: { password: '[REDACTED]' } },
      sessionId: '[REDACTED]',
    });
  });

  it('sends captured messages at their level', async () => {
    const eventId = observer.errors.captureMessage('inventory sync lagging 120 s', { level: 'warning', tags: { job: 'sync' } });
    const event = await eventWithId(eventId);
    expect(event).toMatchObject({ level: 'warning', message: 'inventory sync lagging 120 s', tags: { job: 'sync' } });
    expect(event.fingerprint).toHaveLength(1);
  });

  it('delivers what was captured before shutdown() resolves (flushed in the flush phase)', async () => {
    const other = createObserver({
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      trace: { enabled: false },
      errors: { sentry: { dsn: ingest.dsn } },
    });
    const eventId = other.errors.capture(new Error('last words'));
    await other.shutdown();
    expect(ingest.events.some((event) => event.event_id === eventId)).toBe(true);
  });
});
