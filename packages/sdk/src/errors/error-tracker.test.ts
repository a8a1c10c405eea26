import { createServer } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserverHarness, type LogLine, type ObserverHarness } from '../../test/support/observer-harness.js';
import { listen, type RunningApp } from '../../test/support/running-app.js';
import { sightlineHandler } from '../adapters/index.js';
import { createObserver } from '../observer/index.js';
import { eventually } from '../testing/index.js';

const EVENT_ID = /^[0-9a-f]{32}$/;

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

describe('observer.errors', () => {
  let harness: ObserverHarness;
  let app: RunningApp;
  /** Event ids the /capture-then-throw handler got back, by request id. */
  const capturedInHandler = new Map<string, string>();

  beforeAll(async () => {
    harness = createObserverHarness('errors-unit', ['/orders/:id', '/capture-then-throw']);
    const { observer } = harness;
    app = await listen(
      createServer(
        sightlineHandler(observer, (req, res) => {
          if (req.url === '/stream') {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.write('partial ');
            throw new Error('stream broke');
          }
          if (req.url?.startsWith('/orders/')) {
            observer.logger.info({ order_id: 7 }, 'loading order');
            observer.setUser('u-42');
            observer.errors.capture(new PaymentDeclinedError('card declined'), { tags: { provider: 'acme' } });
            res.end('ok');
            return;
          }
          const error = new Error('captured, then thrown');
          capturedInHandler.set(String(req.headers['x-request-id']), observer.errors.capture(error));
          throw error;
        }),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  const capturedLines = () => harness.lines.filter((line) => line.msg === 'error captured' || line.msg === 'message captured');
  const lineOf = (eventId: string) => capturedLines().find((line) => line.event_id === eventId);

  it('captures an error outside a request: one error line with fingerprint, tags, user and extra, a group and a count', async () => {
    const error = new TypeError('cannot read properties of undefined');
    const eventId = harness.observer.errors.capture(error, {
      tags: { job: 'nightly-export', attempt: 2 },
      user: { id: 'u-1', email: 'ada@example.com' },
      extra: { batch: 17, password: 'hunter2' },
    });

    expect(eventId).toMatch(EVENT_ID);
    const line = lineOf(eventId) as LogLine;
    expect(line).toMatchObject({
      level: 50,
      error_type: 'TypeError',
      mechanism: 'manual',
      handled: true,
      count: 1,
      tags: { job: 'nightly-export', attempt: '2' },
      user: { id: 'u-1', email: 'ada@example.com' },
      extra: { batch: 17, password: '[REDACTED]' },
      err: { type: 'TypeError', message: 'cannot read properties of undefined' },
    });
    expect(line.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(line.request_id).toBeUndefined();
    expect(harness.observer.errors.groups().find((group) => group.fingerprint === line.fingerprint)).toMatchObject({
      type: 'TypeError',
      count: 1,
      message: 'cannot read properties of undefined',
    });
    const { body } = await harness.observer.metrics.render();
    expect(body).toContain('sightline_errors_captured_total{error_type="TypeError",mechanism="manual"} 1');
  });

  it('groups repeated errors from one place and counts them', () => {
    const fail = (id: number) => harness.observer.errors.capture(new RangeError(`quantity ${id} out of range`));
    const ids = [fail(1), fail(2), fail(3)];
    const lines = ids.map((id) => lineOf(id) as LogLine);

    expect(new Set(lines.map((line) => line.fingerprint)).size).toBe(1);
    expect(lines.map((line) => line.count)).toEqual([1, 2, 3]);
    const group = harness.observer.errors.groups().find((candidate) => candidate.fingerprint === lines[0]?.fingerprint);
    expect(group).toMatchObject({ count: 3, message: 'quantity 1 out of range' });
    expect(group?.lastSeen).toBeGreaterThanOrEqual(group?.firstSeen ?? Number.POSITIVE_INFINITY);
  });

  it('carries the request id, route, user and trace id of an error captured mid-request', async () => {
    const response = await fetch(`${app.baseUrl}/orders/9`, { headers: { 'x-request-id': 'req-capture-1' } });
    await response.text();

    const line = await eventually(() => capturedLines().find((candidate) => candidate.request_id === 'req-capture-1'), 'the captured line');
    const access = await eventually(
      () => harness.lines.find((candidate) => candidate.msg === 'request completed' && candidate.request_id === 'req-capture-1'),
      'the access line',
    );
    expect(line).toMatchObject({
      error_type: 'PaymentDeclinedError',
      route: '/orders/:id',
      method: 'GET',
      path: '/orders/9',
      user_id: 'u-42',
      user: { id: 'u-42' },
      trace_id: access.trace_id,
      span_id: access.span_id,
      tags: { provider: 'acme' },
    });
    const server = await eventually(() => harness.spans().find((span) => span.spanContext().spanId === access.span_id), 'the server span');
    const exception = server.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({
      'exception.type': 'PaymentDeclinedError',
      'exception.message': 'card declined',
      'sightline.error.fingerprint': line.fingerprint,
      'sightline.error.event_id': line.event_id,
    });
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('captures an error the app captured and then threw only once, under the same event id', async () => {
    const response = await fetch(`${app.baseUrl}/capture-then-throw`, { headers: { 'x-request-id': 'req-twice-1' } });
    expect(response.status).toBe(500);
    await response.text();
    await eventually(
      () => harness.lines.find((line) => line.msg === 'request completed' && line.request_id === 'req-twice-1'),
      'the access line',
    );

    const lines = capturedLines().filter((line) => line.request_id === 'req-twice-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.event_id).toBe(capturedInHandler.get('req-twice-1'));
    expect(harness.observer.errors.capture(new Error('another'))).not.toBe(lines[0]?.event_id);
  });

  it('captures an error that cut a response off after its headers were sent', async () => {
    // The connection is cut: the client sees a failed fetch or a short body, whichever comes first.
    await fetch(`${app.baseUrl}/stream`, { headers: { 'x-request-id': 'req-cut-1' } })
      .then((response) => response.text())
      .catch(() => undefined);

    const line = await eventually(() => capturedLines().find((candidate) => candidate.request_id === 'req-cut-1'), 'the captured line');
    expect(line).toMatchObject({ mechanism: 'http', handled: false, err: { message: 'stream broke' } });
  });

  it('records the exception with fingerprint and ERROR status on the active child span', async () => {
    let eventId = '';
    await harness.observer.span('import.row', async () => {
      eventId = harness.observer.errors.capture(new SyntaxError('bad row'));
    });

    const line = lineOf(eventId) as LogLine;
    const span = await eventually(() => harness.spans().find((candidate) => candidate.name === 'import.row'), 'the child span');
    expect(line.span_id).toBe(span.spanContext().spanId);
    expect(line.trace_id).toBe(span.spanContext().traceId);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('SyntaxError');
    expect(span.events.find((event) => event.name === 'exception')?.attributes?.['sightline.error.event_id']).toBe(eventId);
  });

  it('captures a message at the level asked for, grouped by its normalized text', () => {
    const first = harness.observer.errors.captureMessage('cart 12 abandoned at checkout', { level: 'warning' });
    const second = harness.observer.errors.captureMessage('cart 13 abandoned at checkout', { level: 'warning' });

    expect(lineOf(first)).toMatchObject({
      level: 40,
      msg: 'message captured',
      captured_message: 'cart 12 abandoned at checkout',
      error_type: 'Message',
    });
    expect(lineOf(second)?.fingerprint).toBe(lineOf(first)?.fingerprint);
    expect(lineOf(second)?.count).toBe(2);
  });

  it('notes a captured message on the active span as a sightline.message event, without failing the span', async () => {
    let eventId = '';
    await harness.observer.span('checkout.review', async () => {
      eventId = harness.observer.errors.captureMessage('cart 14 abandoned at checkout', { level: 'warning' });
    });

    const span = await eventually(() => harness.spans().find((candidate) => candidate.name === 'checkout.review'), 'the child span');
    expect(span.events.find((event) => event.name === 'sightline.message')?.attributes).toEqual({
      'sightline.message.text': 'cart 14 abandoned at checkout',
      'sightline.message.level': 'warning',
      'sightline.error.fingerprint': lineOf(eventId)?.fingerprint,
      'sightline.error.event_id': eventId,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('captures thrown values that are not errors', () => {
    const eventId = harness.observer.errors.capture({ reason: 'quota', limit: 10 });
    expect(lineOf(eventId)).toMatchObject({ error_type: 'NonError', err: { reason: 'quota', limit: 10 } });
  });
});

describe('error groups', () => {
  it('stay within errors.maxGroups under a flood of distinct errors', async () => {
    const observer = createObserver({
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      trace: { enabled: false },
      errors: { maxGroups: 5 },
    });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
    for (const first of words) for (const second of words) observer.errors.capture(`${first} ${second}`);

    const groups = observer.errors.groups();
    expect(groups).toHaveLength(5);
    expect(groups[0]?.message).toBe('juliet juliet');
    await observer.shutdown();
  });
});

describe('process handlers', () => {
  const ours = () => process.listenerCount('uncaughtException');

  it('are not installed by an isolated observer unless asked for, and are removed at shutdown', async () => {
    const before = ours();
    const isolated = createObserver({ env: {}, registerGlobal: false, log: { level: 'silent' }, metrics: { defaultMetrics: false } });
    expect(ours()).toBe(before);

    const asked = createObserver({
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      errors: { processHandlers: true },
    });
    expect(ours()).toBe(before + 1);
    expect(process.listenerCount('unhandledRejection')).toBeGreaterThan(0);
    await asked.shutdown();
    expect(ours()).toBe(before);
    await isolated.shutdown();
  });
});
