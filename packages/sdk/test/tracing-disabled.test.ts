import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../src/adapters/node.js';
import { createObserver, type Observer } from '../src/index.js';
import { eventually } from '../src/testing/index.js';
import { listen, type RunningApp } from './support/running-app.js';

interface Line {
  msg?: string;
  request_id?: string;
  trace_id?: string;
  span_id?: string;
  route?: string;
}

describe('the request pass with tracing turned off', () => {
  const lines: Line[] = [];
  let observer: Observer;
  let app: RunningApp;

  beforeAll(async () => {
    observer = createObserver({
      serviceName: 'untraced',
      env: { OTEL_TRACES_EXPORTER: 'none' },
      registerGlobal: false,
      log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as Line) } }], sampling: false },
      metrics: { defaultMetrics: false },
      http: { routes: ['/items/:id'] },
    });
    app = await listen(
      createServer(
        sightlineHandler(observer, (_req, res) => {
          observer.logger.info('handled');
          res.end('ok');
        }),
      ),
    );
  });

  afterAll(async () => {
    await app.close();
    await observer.shutdown();
  });

  it('writes request ids but no made-up trace ids when nothing was propagated', async () => {
    await fetch(`${app.baseUrl}/items/1`, { headers: { 'x-request-id': 'untraced-1' } });
    const access = await eventually(() => lines.find((l) => l.msg === 'request completed' && l.request_id === 'untraced-1'), 'access line');
    const handled = lines.find((l) => l.msg === 'handled' && l.request_id === 'untraced-1');
    expect(access.route).toBe('/items/:id');
    expect(access.trace_id).toBeUndefined();
    expect(handled).toMatchObject({ request_id: 'untraced-1' });
    expect(handled).not.toHaveProperty('trace_id');
  });

  it("still carries a caller's propagated trace id into the log lines", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${app.baseUrl}/items/2`, {
      headers: { 'x-request-id': 'untraced-2', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    const access = await eventually(() => lines.find((l) => l.msg === 'request completed' && l.request_id === 'untraced-2'), 'access line');
    expect(access.trace_id).toBe(traceId);
    expect(lines.find((l) => l.msg === 'handled' && l.request_id === 'untraced-2')?.trace_id).toBe(traceId);
  });
});
