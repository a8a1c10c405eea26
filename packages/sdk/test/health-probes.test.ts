import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateObserverOptions, createObserver, type Observer } from '../src/index.js';
import { expressAdapter } from './support/express-app.js';
import { fastifyAdapter } from './support/fastify-app.js';
import { nodeAdapter } from './support/node-app.js';
import type { AdapterUnderTest, RunningApp } from './support/running-app.js';

interface Line {
  readonly msg?: string;
  readonly path?: string;
  readonly request_id?: string;
}

/** An isolated observer keeping its log lines and spans in memory. */
function observe(adapter: AdapterUnderTest, extra: Partial<CreateObserverOptions> = {}) {
  const lines: Line[] = [];
  const exporter = new InMemorySpanExporter();
  const observer = createObserver({
    serviceName: `probes-${adapter.name}`,
    serviceVersion: '3.1.4',
    env: {},
    registerGlobal: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    trace: { enabled: true, sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces' },
    log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as Line) } }], sampling: false },
    metrics: { defaultMetrics: false },
    http: { routes: [...adapter.routeTemplates] },
    shutdownTimeoutMs: 1000,
    ...extra,
  });
  return { observer, lines, spans: () => exporter.getFinishedSpans() };
}

async function probe(app: RunningApp, path: string, method = 'GET') {
  const response = await fetch(`${app.baseUrl}${path}`, { method });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe.each([nodeAdapter, expressAdapter, fastifyAdapter])('probes through the $name adapter', (adapter) => {
  let observer: Observer;
  let lines: Line[];
  let spans: () => readonly { attributes: Record<string, unknown> }[];
  let app: RunningApp;
  let payments: 'healthy' | 'unhealthy' = 'healthy';
  let database: 'healthy' | 'unhealthy' = 'healthy';

  beforeAll(async () => {
    ({ observer, lines, spans } = observe(adapter));
    observer.health.register({ name: 'postgres', intervalMs: 0, check: () => ({ status: database }) });
    observer.health.register({ name: 'payments', critical: false, intervalMs: 0, check: () => ({ status: payments }) });
    app = await adapter.start(observer);
  });

  afterAll(async () => {
    await app?.close();
    await observer?.shutdown();
  });

  it('answers /livez, and fails /startupz and /readyz until markStarted()', async () => {
    expect(await probe(app, '/livez')).toMatchObject({ status: 200, body: { status: 'healthy', probe: 'live' } });
    expect(await probe(app, '/startupz')).toMatchObject({ status: 503, body: { probe: 'startup', started: false } });
    expect(await probe(app, '/readyz')).toMatchObject({ status: 503, body: { status: 'unhealthy', probe: 'ready' } });

    observer.health.markStarted();

    expect((await probe(app, '/startupz')).status).toBe(200);
    expect(await probe(app, '/readyz')).toMatchObject({
      status: 200,
      body: {
        status: 'healthy',
        version: '3.1.4',
        service: { name: `probes-${adapter.name}` },
        checks: { postgres: { status: 'healthy' } },
      },
    });
  });

  it('answers 200 degraded when a non-critical check fails, 503 when a critical one does', async () => {
    observer.health.markStarted();
    payments = 'unhealthy';
    expect(await probe(app, '/healthz')).toMatchObject({ status: 200, body: { status: 'degraded', probe: 'health' } });

    database = 'unhealthy';
    expect(await probe(app, '/readyz')).toMatchObject({ status: 503, body: { status: 'unhealthy' } });

    payments = 'healthy';
    database = 'healthy';
    expect((await probe(app, '/readyz')).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    expect(await probe(app, '/livez', 'HEAD')).toEqual({ status: 200, body: undefined });
  });

  it('keeps probes out of the access log, the traces and the HTTP metrics', async () => {
    for (const path of ['/livez', '/readyz', '/startupz', '/healthz', '/readyz?full=1']) await probe(app, path);
    // A request after the probes is logged once it closed, so its line bounds the wait.
    const marker = await fetch(`${app.baseUrl}/users/after-probes`, { headers: { 'x-request-id': `probes-marker-${adapter.name}` } });
    await marker.text();
    await expect.poll(() => lines.some((line) => line.request_id === `probes-marker-${adapter.name}`)).toBe(true);

    expect(lines.filter((line) => line.path !== undefined && /z$/.test(line.path))).toEqual([]);
    expect(spans().filter((span) => String(span.attributes['url.path']).endsWith('z'))).toEqual([]);
    const { body } = await observer.metrics.render();
    const requests = body.split('\n').filter((line) => line.startsWith('http_server_request_duration_seconds_count'));
    expect(requests).toEqual([
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
    ]);
  });

  it('exports the checks as health metrics', async () => {
    const { body } = await observer.metrics.render();
    expect(body).toContain('sightline_health_check_status{check="postgres",status="healthy"} 1');
    expect(body).toContain('sightline_health_status{probe="ready",status="healthy"} 1');
  });
});

describe.each([nodeAdapter, expressAdapter, fastifyAdapter])('probe paths through the $name adapter', (adapter) => {
  it('serves the configured aliases (/health/live, /health/ready) beside the defaults', async () => {
    const { observer } = observe(adapter, {
      health: { paths: { live: ['/livez', '/health/live'], ready: ['/readyz', '/health/ready'] } },
    });
    observer.health.markStarted();
    const app = await adapter.start(observer);
    try {
      expect(await probe(app, '/health/live')).toMatchObject({ status: 200, body: { probe: 'live' } });
      expect(await probe(app, '/health/ready')).toMatchObject({ status: 200, body: { probe: 'ready' } });
      expect((await probe(app, '/readyz')).status).toBe(200);
    } finally {
      await app.close();
      await observer.shutdown();
    }
  });

  it('leaves the probe paths to the app when health.enabled is false', async () => {
    const { observer, lines } = observe(adapter, { health: { enabled: false }, trace: { enabled: false } });
    const app = await adapter.start(observer);
    try {
      const response = await fetch(`${app.baseUrl}/readyz`, { headers: { 'x-request-id': `disabled-${adapter.name}` } });
      await response.text();
      expect(response.status).toBe(404);
      await expect.poll(() => lines.find((line) => line.request_id === `disabled-${adapter.name}`)).toMatchObject({ path: '/readyz' });
    } finally {
      await app.close();
      await observer.shutdown();
    }
  });
});
