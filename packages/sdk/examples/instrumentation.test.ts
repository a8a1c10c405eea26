import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sightlineHandler } from '@sightline/sdk/node';
import { createTestObserver, eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Lines and spans stay in memory, metrics in the observer's registry: no collector, no env vars.
const telemetry = createTestObserver({ serviceName: 'checkout', http: { routes: ['/users/:id'] } });
const { observer } = telemetry;

// Your service, built around the observer it is given (here one node:http route).
const server = createServer(
  sightlineHandler(observer, (_req, res) => {
    observer.setUser('7');
    observer.logger.info('user loaded');
    res.end('{"id":"7"}');
  }),
);
observer.attachServer(server); // observer.shutdown() closes it
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => observer.shutdown());

it('logs, traces and measures GET /users/:id', async () => {
  await fetch(`${baseUrl}/users/7`, { headers: { 'x-request-id': 'checkout-1' } });

  // The access line and the server span are written as the response closes: wait for them.
  const access = await eventually(() => telemetry.lines.find((line) => line.msg === 'request completed'), 'the access line');
  expect(access).toMatchObject({ request_id: 'checkout-1', route: '/users/:id', status: 200, user_id: '7' });
  expect(telemetry.lines.find((line) => line.msg === 'user loaded')?.trace_id).toBe(access.trace_id);

  const span = await eventually(() => telemetry.spans().find((each) => each.name === 'GET /users/:id'), 'the server span');
  expect(span.spanContext().traceId).toBe(access.trace_id);

  expect(await telemetry.metrics()).toContain(
    'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
  );
});
