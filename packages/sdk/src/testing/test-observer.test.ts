import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../adapters/index.js';
import type { Observer } from '../observer/index.js';
import { createTestObserver, eventually, type TestObserver } from './index.js';

const opened: TestObserver[] = [];
const closers: (() => Promise<void>)[] = [];

function testObserver(...args: Parameters<typeof createTestObserver>): TestObserver {
  const test = createTestObserver(...args);
  opened.push(test);
  return test;
}

/** A node:http service that logs one line per request, listening on a free port of 127.0.0.1. */
async function startService(observer: Observer): Promise<string> {
  const server = createServer(
    sightlineHandler(observer, (req, res) => {
      observer.logger.info({ url: req.url }, 'handled');
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all(opened.splice(0).map((test) => test.observer.shutdown()));
});

describe('createTestObserver', () => {
  it("shows a real request's access line, server span and route-labelled duration metric", async () => {
    const test = testObserver({ serviceName: 'checkout', http: { routes: ['/users/:id'] } });
    const baseUrl = await startService(test.observer);

    const response = await fetch(`${baseUrl}/users/7`, { headers: { 'x-request-id': 'harness-1' } });
    expect(await response.text()).toBe('ok');

    const access = await eventually(
      () => test.lines.find((line) => line.msg === 'request completed' && line.request_id === 'harness-1'),
      'the access line',
    );
    expect(access).toMatchObject({ level: 30, method: 'GET', route: '/users/:id', path: '/users/7', status: 200 });
    expect(access.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const handled = test.lines.find((line) => line.msg === 'handled');
    expect(handled).toMatchObject({ request_id: 'harness-1', trace_id: access.trace_id, url: '/users/7' });
    expect(test.raw.some((line) => line.includes('"msg":"request completed"'))).toBe(true);

    const server = await eventually(() => test.spans().find((span) => span.kind === SpanKind.SERVER), 'the server span');
    expect(server.name).toBe('GET /users/:id');
    expect(server.attributes['http.route']).toBe('/users/:id');
    expect(server.spanContext().traceId).toBe(access.trace_id);

    expect(await test.metrics()).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
    );
  });

  it('keeps the capture, sampling off and every trace sampled under the caller’s log, http and trace options', async () => {
    const extra: string[] = [];
    const test = testObserver({
      serviceName: 'merged',
      log: { level: 'debug', destinations: [{ stream: { write: (line: string) => extra.push(line) } }] },
      http: { routes: ['/items/:id'] },
      trace: { exportTimeoutMs: 5 },
    });

    test.observer.logger.debug('a debug line');
    // Past the sampler's first 100 lines of one message per tick: all kept, sampling is off.
    for (let index = 0; index < 150; index++) test.observer.logger.info('repeated');
    expect(test.lines.find((line) => line.msg === 'a debug line')).toMatchObject({ level: 20 });
    expect(test.lines.filter((line) => line.msg === 'repeated')).toHaveLength(150);
    expect(extra).toEqual(test.raw);

    const { trace, metrics } = test.observer.options;
    expect(trace).toMatchObject({ sampleRatio: 1, exporter: 'none', exportTimeoutMs: 5 });
    expect(metrics.defaultMetrics).toBe(false);
    expect(await test.metrics()).not.toContain('process_cpu');

    const baseUrl = await startService(test.observer);
    await fetch(`${baseUrl}/items/3`);
    const server = await eventually(() => test.spans().find((span) => span.kind === SpanKind.SERVER), 'the server span');
    expect(server.name).toBe('GET /items/:id');
  });

  it('reads no environment variable unless given an env', () => {
    expect(testObserver({ env: { OTEL_SERVICE_NAME: 'from-env' } }).observer.options.serviceName).toBe('from-env');
    expect(testObserver().observer.options.serviceName).toBe('unknown_service:node');
  });

  it('forgets the lines and spans seen so far on clear(), and keeps capturing after it', () => {
    const test = testObserver({ serviceName: 'cleared' });
    test.observer.span('before', () => test.observer.logger.info('before'));
    expect(test.lines).toHaveLength(1);
    expect(test.spans()).toHaveLength(1);

    test.clear();
    expect(test.lines).toEqual([]);
    expect(test.raw).toEqual([]);
    expect(test.spans()).toEqual([]);

    test.observer.span('after', () => test.observer.logger.info('after'));
    expect(test.lines.map((line) => line.msg)).toEqual(['after']);
    expect(test.spans().map((span) => span.name)).toEqual(['after']);
  });

  it('keeps two test observers in one process apart: neither sees the other’s lines, spans or metrics', async () => {
    const first = testObserver({ serviceName: 'first', http: { routes: ['/first'] } });
    const second = testObserver({ serviceName: 'second' });
    const baseUrl = await startService(first.observer);

    await fetch(`${baseUrl}/first`, { headers: { 'x-request-id': 'only-first' } });
    first.observer.span('first.work', () => first.observer.logger.info('first line'));
    await eventually(() => first.spans().find((span) => span.kind === SpanKind.SERVER), 'the server span');

    expect(first.lines.some((line) => line.request_id === 'only-first')).toBe(true);
    expect(first.spans().map((span) => span.name)).toEqual(expect.arrayContaining(['GET /first', 'first.work']));
    expect(second.lines).toEqual([]);
    expect(second.spans()).toEqual([]);
    expect(await second.metrics()).not.toContain('http_route="/first"');
  });
});

describe('eventually', () => {
  it('resolves with the first value the probe finds', async () => {
    let calls = 0;
    expect(await eventually(() => (++calls >= 3 ? calls : undefined), 'the third call')).toBe(3);
  });

  it('awaits an async probe', async () => {
    let calls = 0;
    const probe = async () => (++calls >= 2 ? 'found' : undefined);
    expect(await eventually(probe, 'the second call')).toBe('found');
  });

  it('rejects naming what it waited for once the deadline passed', async () => {
    await expect(eventually(() => undefined, 'a line that never comes', 20)).rejects.toThrow(
      'timed out after 20 ms waiting for a line that never comes',
    );
  });
});
