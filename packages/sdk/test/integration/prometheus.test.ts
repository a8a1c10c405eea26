import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../../src/adapters/node.js';
import { createObserver, type Observer } from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js';
import { requireBinaries } from '../support/system-binary.js';
import { type PrometheusServer, startPrometheus } from './prometheus-server.js';

const binaries = requireBinaries(['prometheus', 'promtool'], 'prometheus');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

/** Pipes `text` into `promtool check metrics` (exit 0 clean, 3 lint problems, 1 unparseable). */
async function promtoolCheckMetrics(text: string): Promise<PromtoolResult> {
  const child = spawn(binaries.path('promtool'), ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stdin.end(text);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

async function startApp(observer: Observer): Promise<Server> {
  const server = createServer(
    sightlineHandler(observer, (req, res) => {
      if (req.url === '/metrics') return observer.metricsHandler(req, res);
      const user = /^\/users\/(\d+)$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (user === null) {
        res.statusCode = 404;
        res.end('{"error":"not found"}');
        return;
      }
      res.end(JSON.stringify({ id: Number(user[1]) }));
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe.skipIf(binaries.skip)('the SDK scraped by a real Prometheus', () => {
  let receiver: OtlpReceiver | undefined;
  let observer: Observer | undefined;
  let server: Server | undefined;
  let prometheus: PrometheusServer | undefined;
  let appUrl = '';

  beforeAll(async () => {
    const binary = binaries.path('prometheus');
    receiver = await startOtlpReceiver();
    observer = createObserver({
      serviceName: 'prometheus-scrape-test',
      registerGlobal: false,
      log: { level: 'silent' },
      trace: { endpoint: receiver.tracesUrl, scheduledDelayMs: 100 },
      http: { routes: ['/users/:id'] },
    });
    server = await startApp(observer);
    const { port } = server.address() as AddressInfo;
    appUrl = `http://127.0.0.1:${port}`;
    // exemplar-storage keeps the trace ids our OpenMetrics exposition attaches to buckets.
    prometheus = await startPrometheus({ binary, targets: [`127.0.0.1:${port}`], features: ['exemplar-storage'] });
  });

  afterAll(async () => {
    // Each step runs even when an earlier one (or the test) failed.
    await prometheus?.stop();
    if (server !== undefined) {
      server.closeAllConnections();
      server.close();
    }
    await observer?.shutdown();
    await receiver?.close();
  });

  it('reports the scrape target up, with no scrape error', async () => {
    const target = await eventually(
      async () => {
        const { activeTargets } = await prometheus!.api<{ activeTargets: { health: string; lastError: string; scrapeUrl: string }[] }>(
          'targets?state=active',
        );
        const found = activeTargets.find((t) => t.scrapeUrl === `${appUrl}/metrics`);
        return found?.health === 'unknown' ? undefined : found;
      },
      'the first scrape of the app',
      { timeoutMs: 30_000, intervalMs: 100, retryErrors: true, details: () => prometheus!.output() },
    );
    expect(target).toMatchObject({ health: 'up', lastError: '' });
  });

  it('counts requests under their route template, never the raw path', async () => {
    for (const path of ['/users/1', '/users/2']) expect((await fetch(`${appUrl}${path}`)).status).toBe(200);

    const query = `sum(${DURATION_COUNT}{http_route="/users/:id"})`;
    const count = await eventually(
      async () => {
        const [sample] = await prometheus!.query(query);
        const value = sample === undefined ? 0 : Number(sample.value[1]);
        return value >= 2 ? value : undefined;
      },
      `${query} to reach 2`,
      { timeoutMs: 30_000, intervalMs: 100, retryErrors: true },
    );
    expect(count).toBe(2);

    const routes = (await prometheus!.query(`count by (http_route) (${DURATION_COUNT})`)).map((s) => s.metric.http_route);
    expect(routes).toEqual(['/users/:id']);
    const rawPathSeries = await prometheus!.query(`{http_route=~"/users/[0-9]+"}`);
    expect(rawPathSeries).toEqual([]);
  });

  it('stores the trace ids of OpenMetrics exemplars, matching spans the OTLP receiver got', async () => {
    await fetch(`${appUrl}/users/3`);
    const now = Date.now() / 1000;
    const exemplars = await eventually(
      async () => {
        const series = await prometheus!.api<{ exemplars: { labels: Record<string, string> }[] }[]>(
          `query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket')}&start=${now - 300}&end=${now + 300}`,
        );
        const found = series.flatMap((s) => s.exemplars);
        return found.length > 0 ? found : undefined;
      },
      'an exemplar on http_server_request_duration_seconds_bucket',
      { timeoutMs: 30_000, intervalMs: 100, retryErrors: true },
    );
    const spans = await receiver!.waitFor((received) => received.length >= 3);
    const serverTraceIds = new Set(spans.map((span) => span.traceId));
    for (const { labels } of exemplars) {
      expect(labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(serverTraceIds.has(labels.trace_id as string)).toBe(true);
    }
  });

  it("passes promtool's parser and linter for the SDK's own series", async () => {
    const own = createObserver({
      serviceName: 'promtool-test',
      registerGlobal: false,
      log: { level: 'silent' },
      trace: { enabled: false },
      metrics: { defaultMetrics: false },
    });
    const ownServer = await startApp(own);
    try {
      own.metrics.counter({ name: 'orders_placed_total', help: 'Orders placed.', labelNames: ['region'] }).inc({ region: 'eu' });
      own.metrics.gauge({ name: 'queue_depth', help: 'Jobs waiting.' }).set(3);
      own.metrics.histogram({ name: 'job_duration_seconds', help: 'Job run time.', buckets: [0.1, 1] }).observe(0.5);
      await fetch(`http://127.0.0.1:${(ownServer.address() as AddressInfo).port}/users/9`);
      // The request is measured on the response's 'close', which may follow fetch's resolution.
      const body = await eventually(
        async () => {
          const { body: text } = await own.metrics.render();
          return text.includes(`${DURATION_COUNT}{`) ? text : undefined;
        },
        'the request to be measured',
        { timeoutMs: 30_000, intervalMs: 100, retryErrors: true },
      );
      const result = await promtoolCheckMetrics(body);
      expect(result).toEqual({ code: 0, output: '' });
    } finally {
      ownServer.closeAllConnections();
      ownServer.close();
      await own.shutdown();
    }
  });

  it("parses the full /metrics text, leaving lint findings only on prom-client's default nodejs_ gauges", async () => {
    const body = await (await fetch(`${appUrl}/metrics`, { headers: { accept: 'text/plain' } })).text();
    expect(body).toContain(`${DURATION_COUNT}{`);
    const { code, output } = await promtoolCheckMetrics(body);
    // promtool exits 1 when it cannot parse the input and 3 when it only has lint findings.
    expect(output).not.toMatch(/error while linting|parsing error/);
    expect([0, 3]).toContain(code);
    const flagged = output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split(' ')[0]);
    for (const metric of flagged) expect(metric).toMatch(/^nodejs_/);
  });
});
