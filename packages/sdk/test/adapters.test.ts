import { randomBytes } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../src/testing/index.js';
import { CHUNKED_BODY, TEXT_BODY } from './support/conformance-routes.js';
import { expressAdapter } from './support/express-app.js';
import { fastifyAdapter } from './support/fastify-app.js';
import { nodeAdapter } from './support/node-app.js';
import { createObserverHarness, type LogLine, type ObserverHarness } from './support/observer-harness.js';
import type { RunningApp } from './support/running-app.js';

/** A fresh request id: an RFC 9562 version-8 UUID (see http/request-id.ts). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ACCESS_MESSAGES = new Set(['request completed', 'slow request']);
const DURATION_COUNT = 'http_server_request_duration_seconds_count';
const BODY_SIZE = 'http_server_response_body_size_bytes';

interface Sent {
  readonly response: Response;
  readonly body: string;
  /** The id the server echoed back (the one sent, or the one it generated). */
  readonly requestId: string;
}

interface SendOptions {
  /** The X-Request-ID to send; false sends none. Defaults to a fresh valid id. */
  readonly requestId?: string | false;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
}

/** The value of one Prometheus text sample, e.g. `name{labels}`; 0 when the series does not exist yet. */
function sampleValue(metricsText: string, sample: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

describe.each([nodeAdapter, expressAdapter, fastifyAdapter])('the $name adapter', (adapter) => {
  let harness: ObserverHarness;
  let app: RunningApp;
  let sequence = 0;

  beforeAll(async () => {
    harness = createObserverHarness(`conformance-${adapter.name}`, adapter.routeTemplates);
    app = await adapter.start(harness.observer);
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  const freshRequestId = (label: string) => `${label}-${adapter.name}-${++sequence}`;

  /** Sends a request with a fresh X-Request-ID (unless told otherwise) and reads the whole body. */
  async function send(path: string, options: SendOptions = {}): Promise<Sent> {
    const headers: Record<string, string> = { ...options.headers };
    const requestId = options.requestId ?? freshRequestId('req');
    if (requestId !== false) headers['x-request-id'] = requestId;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const body = await response.text();
    return { response, body, requestId: response.headers.get('x-request-id') ?? '' };
  }

  function accessLine(requestId: string): Promise<LogLine> {
    return eventually(
      () => harness.lines.find((line) => line.request_id === requestId && ACCESS_MESSAGES.has(line.msg ?? '')),
      `the access line of ${requestId}`,
    );
  }

  function serverSpan(line: LogLine): Promise<ReadableSpan> {
    return eventually(() => harness.spans().find((span) => span.spanContext().spanId === line.span_id), `the server span ${line.span_id}`);
  }

  function appLine(requestId: string, msg: string): LogLine | undefined {
    return harness.lines.find((line) => line.request_id === requestId && line.msg === msg);
  }

  function appLineByMessage(msg: string, match: (line: LogLine) => boolean): LogLine | undefined {
    return harness.lines.find((line) => line.msg === msg && match(line));
  }

  describe('request ids', () => {
    it('echoes a valid incoming X-Request-ID and logs it as request_id', async () => {
      const sent = await send('/users/1', { requestId: 'abc-123.def:ghi/jkl@example=+' });

      expect(sent.requestId).toBe('abc-123.def:ghi/jkl@example=+');
      const line = await accessLine(sent.requestId);
      expect(line.request_id).toBe('abc-123.def:ghi/jkl@example=+');
    });

    it.each([
      ['missing', undefined, undefined],
      ['space-containing', 'has spaces in it', 'has spaces in it'],
      ['300-character', 'a'.repeat(300), 'a'.repeat(128)],
    ])(
      'replaces a %s X-Request-ID with a generated UUID that it echoes, keeping the rejected one on the access line',
      async (_case, incoming, rejected) => {
        const sent = await send('/users/1', { requestId: incoming ?? false });

        expect(sent.requestId).toMatch(UUID);
        const line = await accessLine(sent.requestId);
        expect(line.request_id).toBe(sent.requestId);
        expect(line.request_id_rejected).toBe(rejected);
        if (incoming !== undefined) expect(harness.lines.some((candidate) => candidate.request_id === incoming)).toBe(false);
      },
    );
  });

  describe('access log', () => {
    it('writes one "request completed" line at info with route template, raw path, status, timing and ids', async () => {
      const sent = await send('/users/42?expand=orders', { headers: { 'user-agent': 'conformance-agent/1.0' } });
      expect(sent.response.status).toBe(200);

      const line = await accessLine(sent.requestId);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request completed',
        method: 'GET',
        route: '/users/:id',
        path: '/users/42',
        status: 200,
        remote_address: '127.0.0.1',
        user_agent: 'conformance-agent/1.0',
        request_id: sent.requestId,
      });
      expect(line.duration_ms).toBeTypeOf('number');
      expect(line.duration_ms).toBeGreaterThanOrEqual(0);
      expect(line.trace_id).toMatch(TRACE_ID);
      expect(line.span_id).toMatch(SPAN_ID);
      expect(
        harness.lines.filter((candidate) => candidate.request_id === sent.requestId && ACCESS_MESSAGES.has(candidate.msg ?? '')),
      ).toHaveLength(1);
    });

    it('logs a request slower than slowRequestMs at warn as "slow request"', async () => {
      const sent = await send('/slow');

      const line = await accessLine(sent.requestId);
      expect(line).toMatchObject({ level: 40, msg: 'slow request', route: '/slow', status: 200 });
      expect(line.duration_ms).toBeGreaterThanOrEqual(harness.observer.options.http.slowRequestMs);
    });

    it('counts a request whose client left before any response as 499 (nginx\'s "client closed request"), never as the 200 it did not get', async () => {
      const requestId = freshRequestId('left');
      const before = await harness.observer.metrics.render();
      const series = `${DURATION_COUNT}{http_request_method="GET",http_route="/slow",http_response_status_code="499"}`;
      // The client gives up once the server has the request, long before /slow answers.
      const leave = new AbortController();
      const pending = fetch(`${app.baseUrl}/slow`, { headers: { 'x-request-id': requestId }, signal: leave.signal }).catch(() => undefined);
      await eventually(async () => {
        const { body } = await harness.observer.metrics.render();
        return sampleValue(body, 'http_server_active_requests') > 0 ? true : undefined;
      }, 'the request in flight');
      leave.abort();
      await pending;

      const line = await accessLine(requestId);
      expect(line).toMatchObject({ route: '/slow', status: 499, aborted: true, bytes: 0 });
      const span = await serverSpan(line);
      // No status code on the span: none was sent (semantic conventions); the reason instead.
      expect(span.attributes['http.response.status_code']).toBeUndefined();
      expect(span.attributes['error.type']).toBe('aborted');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      const after = await eventually(async () => {
        const text = await harness.observer.metrics.render();
        return sampleValue(text.body, series) > sampleValue(before.body, series) ? text.body : undefined;
      }, 'the 499 series');
      expect(sampleValue(after, series) - sampleValue(before.body, series)).toBe(1);
    });

    it('logs a 5xx response at error', async () => {
      const sent = await send('/fail');
      expect(sent.response.status).toBe(503);

      const line = await accessLine(sent.requestId);
      expect(line).toMatchObject({ level: 50, msg: 'request completed', route: '/fail', status: 503 });
    });

    it('logs a path no route matched with route "unmatched"', async () => {
      const sent = await send('/no/such/route');
      expect(sent.response.status).toBe(404);

      const line = await accessLine(sent.requestId);
      expect(line).toMatchObject({ level: 30, route: 'unmatched', path: '/no/such/route', status: 404 });
    });
  });

  describe('response body size', () => {
    it('counts a body written in chunks without Content-Length on the access line and in the body size histogram', async () => {
      const labels = '{http_request_method="GET",http_route="/chunked",http_response_status_code="200"}';
      const expected = Buffer.byteLength(CHUNKED_BODY.join(''));
      const before = (await harness.observer.metrics.render()).body;

      const sent = await send('/chunked');
      expect(sent.body).toBe(CHUNKED_BODY.join(''));
      expect(sent.response.headers.get('content-length')).toBeNull();
      expect((await accessLine(sent.requestId)).bytes).toBe(expected);

      const after = (await harness.observer.metrics.render()).body;
      expect(sampleValue(after, `${BODY_SIZE}_count${labels}`)).toBe(sampleValue(before, `${BODY_SIZE}_count${labels}`) + 1);
      expect(sampleValue(after, `${BODY_SIZE}_sum${labels}`)).toBe(sampleValue(before, `${BODY_SIZE}_sum${labels}`) + expected);
    });

    it('counts a string body by its encoded length in bytes, not its length in characters', async () => {
      const sent = await send('/text');
      expect(sent.body).toBe(TEXT_BODY);

      const line = await accessLine(sent.requestId);
      expect(Buffer.byteLength(TEXT_BODY)).not.toBe(TEXT_BODY.length);
      expect(line.bytes).toBe(Buffer.byteLength(TEXT_BODY));
    });

    it('logs 0 bytes for a HEAD request, whose body is never sent', async () => {
      const sent = await send('/users/head', { method: 'HEAD' });
      expect(sent.response.status).toBe(200);
      expect(sent.body).toBe('');

      expect(await accessLine(sent.requestId)).toMatchObject({ method: 'HEAD', route: '/users/:id', bytes: 0 });
    });

    it('logs 0 bytes for a 204 response', async () => {
      const sent = await send('/empty');
      expect(sent.response.status).toBe(204);

      expect(await accessLine(sent.requestId)).toMatchObject({ route: '/empty', status: 204, bytes: 0 });
    });
  });

  describe('metrics', () => {
    it('counts requests by method, route template and status code', async () => {
      const sample = `${DURATION_COUNT}{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"}`;
      const before = sampleValue((await harness.observer.metrics.render()).body, sample);

      for (const id of ['7', '8', '9']) {
        const sent = await send(`/users/${id}`);
        await accessLine(sent.requestId);
      }

      const { body } = await harness.observer.metrics.render();
      expect(body).toContain(`${sample} ${before + 3}\n`);
    });

    it('labels an unmatched path "unmatched" and never exposes the raw path', async () => {
      const sent = await send('/conformance-raw-path-5f0c/secret-token');
      await accessLine(sent.requestId);

      const { body } = await harness.observer.metrics.render();
      expect(body).toContain(`${DURATION_COUNT}{http_request_method="GET",http_route="unmatched",http_response_status_code="404"}`);
      expect(body).not.toContain('conformance-raw-path-5f0c');
    });

    it('attaches the trace id of a sampled request as an OpenMetrics exemplar', async () => {
      const sent = await send('/users/exemplar');
      const line = await accessLine(sent.requestId);

      const { contentType, body } = await harness.observer.metrics.render('application/openmetrics-text; version=1.0.0');
      expect(contentType).toContain('application/openmetrics-text');
      const exemplarLines = body
        .split('\n')
        .filter((sample) =>
          sample.startsWith('http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/users/:id"'),
        )
        .filter((sample) => sample.includes(` # {trace_id="${line.trace_id}",span_id="${line.span_id}"}`));
      expect(exemplarLines).toHaveLength(1);
    });
  });

  describe('traces', () => {
    it('continues an incoming W3C trace in a SERVER span named after the route template', async () => {
      const traceId = randomHex(16);
      const parentSpanId = randomHex(8);
      const sent = await send('/users/42', { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });

      const line = await accessLine(sent.requestId);
      const span = await serverSpan(line);
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(parentSpanId);
      expect(span.name).toBe('GET /users/:id');
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.route': '/users/:id',
        'http.response.status_code': 200,
        'url.path': '/users/42',
      });
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    });

    it('marks the server span of a 5xx response as ERROR', async () => {
      const sent = await send('/fail');

      const span = await serverSpan(await accessLine(sent.requestId));
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['http.response.status_code']).toBe(503);
    });

    it('writes the span trace id on the access line and on the lines the handler logs', async () => {
      const traceId = randomHex(16);
      const sent = await send('/users/77', { headers: { traceparent: `00-${traceId}-${randomHex(8)}-01` } });

      const line = await accessLine(sent.requestId);
      const span = await serverSpan(line);
      expect(line.trace_id).toBe(traceId);
      expect(span.spanContext().traceId).toBe(traceId);
      expect(appLine(sent.requestId, 'user loaded')).toMatchObject({ trace_id: traceId, span_id: span.spanContext().spanId, id: '77' });
    });
  });

  describe('request context', () => {
    it('keeps request_id and trace_id on handler lines across an await and from a child logger', async () => {
      const sent = await send('/log');

      const access = await accessLine(sent.requestId);
      const ids = { request_id: sent.requestId, trace_id: access.trace_id, span_id: access.span_id };
      expect(appLine(sent.requestId, 'before await')).toMatchObject({ ...ids, component: 'conformance' });
      expect(appLine(sent.requestId, 'after await')).toMatchObject(ids);
    });

    it('carries the request context into a POST handler after the JSON body was parsed', async () => {
      const order = { sku: 'sku-1', quantity: 3 };
      const sent = await send('/orders', { method: 'POST', json: order });
      expect(sent.response.status).toBe(201);
      expect(JSON.parse(sent.body)).toEqual(order);

      const access = await accessLine(sent.requestId);
      expect(access).toMatchObject({ method: 'POST', route: '/orders', status: 201 });
      const received = appLineByMessage('order received', (line) => (line.order as { sku?: unknown } | undefined)?.sku === 'sku-1');
      expect(received).toMatchObject({ request_id: sent.requestId, trace_id: access.trace_id, order });
    });

    it('puts the user set with observer.setUser() on later lines and on the access line', async () => {
      const sent = await send('/log');

      const access = await accessLine(sent.requestId);
      expect(access.user_id).toBe('u-1');
      const before = appLine(sent.requestId, 'before await');
      expect(before).toMatchObject({ request_id: sent.requestId });
      expect(before).not.toHaveProperty('user_id');
      expect(appLine(sent.requestId, 'after await')?.user_id).toBe('u-1');
      expect((await serverSpan(access)).attributes['user.id']).toBe('u-1');
    });
  });

  describe('unhandled errors', () => {
    it.each([
      ['thrown synchronously', '/throw', 'sync boom'],
      ['rejected from an async handler', '/reject', 'async boom'],
    ])('answers 500 and records an error %s on the span and the access line', async (_case, path, message) => {
      const sent = await send(path);
      expect(sent.response.status).toBe(500);

      const line = await accessLine(sent.requestId);
      expect(line).toMatchObject({ level: 50, status: 500, route: path, err: { type: 'Error', message } });
      const span = await serverSpan(line);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      const exception = span.events.find((event) => event.name === 'exception');
      expect(exception?.attributes?.['exception.message']).toBe(message);
    });

    it.each([
      ['thrown', '/throw', 'sync boom'],
      ['rejected', '/reject', 'async boom'],
    ])('answers a %s error with 500 JSON, no stack, and captures it once with route and request id', async (_case, path, message) => {
      const sent = await send(path);
      expect(sent.response.status).toBe(500);
      expect(sent.response.headers.get('content-type')).toContain('application/json');
      expect(JSON.parse(sent.body)).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
      expect(sent.body).not.toContain('stack');
      expect(sent.body).not.toMatch(/\bat .*:\d+:\d+/);

      const access = await accessLine(sent.requestId);
      const isCaptured = (line: LogLine) => line.msg === 'error captured' && line.request_id === sent.requestId;
      const captured = await eventually(() => harness.lines.find(isCaptured), `the captured event of ${sent.requestId}`);
      expect(captured).toMatchObject({
        level: 50,
        route: path,
        mechanism: 'http',
        handled: false,
        error_type: 'Error',
        trace_id: access.trace_id,
        err: { type: 'Error', message },
      });
      expect(captured.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(harness.lines.filter(isCaptured)).toHaveLength(1);
      const group = harness.observer.errors.groups().find((candidate) => candidate.fingerprint === captured.fingerprint);
      expect(group).toMatchObject({ type: 'Error', message, routes: [path] });
    });
  });

  describe('child spans', () => {
    it('parents observer.span() on the server span and stamps its span_id on lines inside it', async () => {
      const sent = await send('/child-span');

      const access = await accessLine(sent.requestId);
      const server = await serverSpan(access);
      const child = await eventually(
        () => harness.spans().find((span) => span.name === 'child' && span.parentSpanContext?.spanId === server.spanContext().spanId),
        'the child span',
      );
      expect(child.spanContext().traceId).toBe(server.spanContext().traceId);
      expect(child.kind).toBe(SpanKind.INTERNAL);
      const childIds = { request_id: sent.requestId, trace_id: access.trace_id, span_id: child.spanContext().spanId };
      expect(appLine(sent.requestId, 'inside child span')).toMatchObject(childIds);
      expect(appLine(sent.requestId, 'inside child span after await')).toMatchObject(childIds);
      expect(appLine(sent.requestId, 'after child span')?.span_id).toBe(server.spanContext().spanId);
    });
  });

  describe('concurrency', () => {
    it('never mixes request ids between 20 interleaved requests', async () => {
      const requestIds = Array.from({ length: 20 }, () => freshRequestId('concurrent'));

      const sent = await Promise.all(requestIds.map((requestId) => send('/concurrent', { requestId })));
      expect(sent.map((result) => result.requestId)).toEqual(requestIds);

      const accessLines = await Promise.all(requestIds.map(accessLine));
      const wanted = new Set(requestIds);
      const handlerLines = harness.lines.filter((line) => line.msg === 'concurrent done' && wanted.has(line.header_request_id as string));
      expect(handlerLines).toHaveLength(20);
      for (const line of handlerLines) expect(line.request_id).toBe(line.header_request_id);
      for (const access of accessLines) {
        expect(appLine(access.request_id as string, 'concurrent done')?.trace_id).toBe(access.trace_id);
      }
      expect(new Set(accessLines.map((access) => access.trace_id)).size).toBe(20);
    });
  });

  describe('ignored paths', () => {
    it('serves /metrics without an access line or a span', async () => {
      const metrics = await send('/metrics');
      expect(metrics.response.status).toBe(200);
      expect(metrics.body).toContain('http_server_request_duration_seconds');
      // A request after it is logged only once /metrics has closed, so its line bounds the wait.
      const marker = await send('/users/after-metrics');
      await accessLine(marker.requestId);

      expect(harness.lines.some((line) => line.path === '/metrics')).toBe(false);
      expect(harness.spans().some((span) => span.attributes['url.path'] === '/metrics')).toBe(false);
    });
  });
});
