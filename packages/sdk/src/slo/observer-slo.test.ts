import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../adapters/node.js';
import { type CreateObserverOptions, createObserver, type Observer } from '../observer/index.js';
import { eventually } from '../testing/index.js';

type LogLine = Record<string, unknown>;

const SPEC = `
version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli:
      availability: { routes: [/orders, /orders/:id] }
  - name: latency
    objective: 99
    sli:
      latency: { threshold: 0.25, routes: [/orders] }
  - name: jobs
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(jobs_failed_total[{{.window}}]))
        total_query: sum(rate(jobs_total[{{.window}}]))
`;

const running: { observer: Observer; server: Server }[] = [];
afterEach(async () => {
  for (const { observer, server } of running.splice(0)) {
    await new Promise((resolve) => server.close(resolve));
    await observer.shutdown();
  }
});

function specFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sightline-slo-')), 'sightline.slo.yaml');
  writeFileSync(file, SPEC);
  return file;
}

/** An observer of orders-api serving /orders (?status=500 fails) and /metrics on an ephemeral port. */
async function serve(options: CreateObserverOptions): Promise<{ observer: Observer; url: string; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const observer = createObserver({
    serviceName: 'orders-api',
    env: {},
    registerGlobal: false,
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
    http: { routes: ['/orders', '/orders/:id'] },
    log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }], sampling: false },
    ...options,
  });
  observer.health.markStarted();
  const server = createServer(
    sightlineHandler(observer, (req, res) => {
      if (req.url === '/metrics') return observer.metricsHandler(req, res);
      res.statusCode = req.url?.endsWith('status=500') ? 500 : 200;
      res.end('{}');
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  running.push({ observer, server });
  return { observer, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

async function send(url: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) await (await fetch(`${url}${path}`, { method: path.startsWith('/orders?') ? 'POST' : 'GET' })).text();
}

/** 190 good requests and 10 failing ones: 5 % errors, 50 times the 0.1 % budget. */
const BURNING = [...Array.from({ length: 190 }, (_, i) => `/orders/${i}`), ...Array.from({ length: 10 }, () => '/orders?status=500')];

describe('observer.slo through createObserver and a node:http server', () => {
  it('counts the spec file’s SLOs from the requests served, in status(), /metrics, /healthz and /debug/slo', async () => {
    const { observer, url } = await serve({
      environment: 'development',
      debug: { port: 0 },
      slo: { spec: specFile(), degradeOnBurn: true },
    });
    expect(observer.slo.enabled).toBe(true);
    await send(url, [...BURNING, '/carts', '/healthz', '/metrics']);
    await eventually(() => (observer.http.inFlight === 0 ? true : undefined), 'requests finished');

    const [availability, latency, jobs] = observer.slo.status();
    // /carts is outside both SLOs' routes; the probe and /metrics are not requests of the pass.
    expect(availability).toMatchObject({ name: 'availability', tracked: true, events: { total: 200, bad: 10 }, alert: 'page' });
    expect(availability?.burnRates.find((rate) => rate.window === '5m')?.burnRate).toBeCloseTo(50, 6);
    expect(availability?.errorBudget?.remainingRatio).toBeCloseTo(-49, 6);
    expect(latency).toMatchObject({ name: 'latency', events: { total: 10, bad: 0 }, alert: null });
    expect(jobs).toMatchObject({ name: 'jobs', tracked: false, errorBudget: null });

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('sightline_slo_objective_ratio{slo="availability"} 0.999');
    expect(metrics).toContain('sightline_slo_objective_ratio{slo="jobs"} 0.995');
    expect(metrics).toContain('sightline_slo_burn_rate{slo="availability",window="5m"} 50');
    expect(metrics).toContain('sightline_slo_burn_rate{slo="availability",window="30d"} 50');
    expect(metrics).toContain('sightline_slo_burn_rate{slo="latency",window="1h"} 0');
    expect(metrics).toContain('sightline_slo_error_budget_remaining_ratio{slo="availability"} -49');
    expect(metrics).toContain('sightline_slo_error_budget_remaining_ratio{slo="latency"} 1');
    expect(metrics).toContain('sightline_slo_error_budget_events{slo="availability",state="consumed"} 10');
    expect(metrics).toContain('sightline_slo_alert_firing{slo="availability",severity="page"} 1');
    expect(metrics).toContain('sightline_slo_alert_firing{slo="latency",severity="page"} 0');
    expect(metrics).not.toContain('sightline_slo_burn_rate{slo="jobs"');

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      status: string;
      checks: Record<string, { status: string; message?: string; details?: object }>;
    };
    expect(body.status).toBe('degraded');
    expect(body.checks.slo).toMatchObject({ status: 'degraded', details: { 'availability.alert': 'page', 'jobs.tracked': false } });
    expect(body.checks.slo?.message).toMatch(/^availability: page-level burn \(14\.4x over 1h and 5m; 6x over 6h and 30m\)$/);
    // Readiness does not run the SLO check: a burning budget is no reason to leave the Service.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const address = await observer.debug.ready();
    const auth = { authorization: `Bearer ${observer.debug.token}` };
    const debug = (await (await fetch(`${address?.url}/slo`, { headers: auth })).json()) as { service: string; slos: object[] };
    expect(debug.service).toBe('orders-api');
    // The same statuses as observer.slo.status(), as JSON; only the observed time has moved on since.
    const withoutTime = ({ observedSeconds, ...rest }: { observedSeconds: number }) => rest;
    expect(debug.slos.map((slo) => withoutTime(slo as never))).toEqual(JSON.parse(JSON.stringify(observer.slo.status().map(withoutTime))));
    expect(await (await fetch(`${address?.url}/slo/jobs`, { headers: auth })).json()).toMatchObject({ tracked: false });
    expect((await fetch(`${address?.url}/slo/nope`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${address?.url}/slo`)).status).toBe(401);
  });

  it('shows a burn in /healthz without degrading it unless degradeOnBurn asks', async () => {
    const { url } = await serve({
      slo: { objectives: [{ name: 'availability', objective: 99.9, sli: { availability: {} } }] },
    });
    await send(url, BURNING);
    await eventually(async () => {
      const body = (await (await fetch(`${url}/healthz`)).json()) as { status: string; checks: { slo?: { message?: string } } };
      return body.checks.slo?.message === undefined ? undefined : body;
    }, 'the burn in /healthz').then((body) => {
      expect(body.status).toBe('healthy');
      expect(body.checks.slo?.message).toMatch(/availability: page-level burn/);
    });
  });

  it('logs a burn alert from the background, without the ids of the request that created the observer', async () => {
    const outer = await serve({});
    let inner: { observer: Observer; url: string; lines: LogLine[] } | undefined;
    // Created inside a request of another observer: the timer must not keep that request's context.
    const creating = createServer(
      sightlineHandler(outer.observer, async (_req, res) => {
        inner = await serve({
          slo: { objectives: [{ name: 'availability', objective: 99.9, sli: { availability: {} } }], evaluationIntervalMs: 1000 },
        });
        res.end('created');
      }),
    );
    creating.listen(0, '127.0.0.1');
    await once(creating, 'listening');
    await (await fetch(`http://127.0.0.1:${(creating.address() as AddressInfo).port}/`)).text();
    await new Promise((resolve) => creating.close(resolve));
    const created = inner as { observer: Observer; url: string; lines: LogLine[] };
    await send(created.url, BURNING);

    const line = await eventually(
      () => created.lines.find((entry) => entry.msg === 'SLO burning its error budget: page-level burn'),
      'the burn alert line',
    );
    expect(line).toMatchObject({ level: 40, slo: 'availability', severity: 'page', previous: null });
    expect((line.burn_rates as Record<string, number>)['5m']).toBeCloseTo(50, 3);
    expect(['request_id', 'trace_id', 'span_id'].filter((field) => field in line)).toEqual([]);
  });

  it('is off without a spec: no check, no gauges, no route on the debug server', async () => {
    const { observer, url } = await serve({ environment: 'development', debug: { port: 0 } });
    expect(observer.slo.enabled).toBe(false);
    expect(observer.slo.status()).toEqual([]);
    expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('sightline_slo_');
    expect(((await (await fetch(`${url}/healthz`)).json()) as { checks: object }).checks).not.toHaveProperty('slo');
    const address = await observer.debug.ready();
    expect((await fetch(`${address?.url}/slo`, { headers: { authorization: `Bearer ${observer.debug.token}` } })).status).toBe(404);
  });
});
