import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExampleProcess, readmeTsBlock, runExample } from './support/readme-example.js';

const examplePath = fileURLToPath(new URL('../examples/quickstart.ts', import.meta.url));

describe('the SDK README quickstart', () => {
  it('is the examples/quickstart.ts file, verbatim', () => {
    expect(readmeTsBlock()).toBe(readFileSync(examplePath, 'utf8'));
  });

  let example: ExampleProcess | undefined;
  afterAll(() => {
    example?.child.kill('SIGKILL');
  });

  it('runs: serves a route, logs with request context, exposes metrics and exits on SIGTERM', async () => {
    example = runExample(examplePath, { OTEL_TRACES_SAMPLER: 'always_off' });
    const listening = await example.waitForLine((line) => line.msg === 'listening', 'the listening line');
    const port = (listening.address as { port: number }).port;
    const response = await fetch(`http://127.0.0.1:${port}/users/7`, { headers: { 'x-request-id': 'readme-test-1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '7', name: 'Ada' });
    expect(response.headers.get('x-request-id')).toBe('readme-test-1');

    const appLine = await example.waitForLine((line) => line.msg === 'user loaded', 'the app line');
    expect(appLine).toMatchObject({ request_id: 'readme-test-1', user_id: '7', user: '7' });
    expect(appLine.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const access = await example.waitForLine((line) => line.msg === 'request completed', 'the access line');
    expect(access).toMatchObject({ request_id: 'readme-test-1', route: '/users/:id', status: 200, trace_id: appLine.trace_id });

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
    );

    example.child.kill('SIGTERM');
    expect(await example.exited).toBe(0);
  });
});
