import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningConsole, startConsole } from '@sightline/console';
import { createObserver, type Observer } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/program.js';
import { captureIo } from '../support/capture-io.js';

const SPEC = `version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders/:id] } }
  - name: latency
    objective: 99
    sli: { latency: { threshold: 0.5 } }
  - name: queue
    objective: 99
    sli: { events: { error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } }
`;

interface StatusJson {
  console: string;
  slos: {
    slo: string;
    state: string;
    sli: number | null;
    budgetRemaining: number | null;
    burnRates: { window: string; rate: number }[];
    alert: string;
    waitingForData?: string;
  }[];
}

describe('sightline slo status --console: SLIs from the console’s stored server spans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-console-'));
  let consoleApp: RunningConsole;
  let observer: Observer;
  let server: Server;

  beforeAll(async () => {
    writeFileSync(join(dir, 'orders.slo.yaml'), SPEC);
    // The console tracks the same spec (what `npm start` does with the examples' specs).
    consoleApp = await startConsole({ memory: true, port: 0, otlpPort: 0, slo: [join(dir, 'orders.slo.yaml')] });
    // A real SDK service exporting its spans over OTLP/HTTP to the console, as in the example.
    observer = createObserver({
      serviceName: 'orders-api',
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      trace: { endpoint: `${consoleApp.otlpUrl}/v1/traces`, scheduledDelayMs: 50 },
      http: { routes: ['/orders/:id'] },
    });
    server = createServer(
      sightlineHandler(observer, (req, res) => {
        res.statusCode = req.url?.endsWith('?fail') === true ? 500 : 200;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // 8 good, 2 failing: an error ratio of 0.2 in every window.
    for (let id = 0; id < 10; id++) await fetch(`${base}/orders/${id}${id < 2 ? '?fail' : ''}`);
    await eventually(
      async () => {
        const answer = (await (await fetch(`${consoleApp.url}/api/services?since=1h`)).json()) as {
          services: { red: { requests: number } }[];
        };
        return answer.services[0]?.red.requests === 10 ? true : undefined;
      },
      'the console to hold the 10 server spans',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await observer?.shutdown();
    await consoleApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the console's availability and latency SLIs, budgets and burn rates per window; PromQL SLIs are left to Prometheus", async () => {
    const cli = captureIo({}, dir);
    expect(await runCli(['slo', 'status', 'orders.slo.yaml', '--console', consoleApp.url, '--json'], cli.io)).toBe(0);
    const answer = JSON.parse(cli.out()) as StatusJson;
    const [availability, latency, queue] = answer.slos;
    // Every window burns at 200x, past the page threshold, but the console has held data for
    // seconds, not the page condition's hour: its verdict (which this reports, as its SLOs page
    // does) is no alert yet, and why.
    expect(availability).toMatchObject({ slo: 'availability', state: 'ok', alert: 'none', waitingForData: '1h' });
    expect(availability?.sli).toBeCloseTo(0.8, 10);
    // 0.2 errors against a 0.001 budget: 200x, the budget overspent 199 times over.
    expect(availability?.budgetRemaining).toBeCloseTo(-199, 6);
    for (const burn of availability?.burnRates ?? []) expect(burn.rate).toBeCloseTo(200, 6);
    // Every request answered at once: no slow ones, the budget untouched.
    expect(latency).toMatchObject({ slo: 'latency', state: 'ok', sli: 1, budgetRemaining: 1, alert: 'none' });
    expect(latency?.waitingForData).toBeUndefined();
    expect(queue).toMatchObject({ slo: 'queue', state: 'unsupported' });
    expect(cli.err()).toMatch(/orders-api\/queue: .*PromQL/);

    const table = captureIo({}, dir);
    expect(await runCli(['slo', 'status', 'orders.slo.yaml', '--console', consoleApp.url], table.io)).toBe(0);
    expect(table.out()).toMatch(
      /orders-api\s+availability\s+99\.9 % \/ 30d\s+80\.000 %\s+-19900\.0 %\s+200x\s.*none \(burning; fires once 1h of data is held\)/,
    );
    expect(table.out()).toMatch(/orders-api\s+latency\s+99 % \/ 30d\s+100\.000 %\s+100\.0 %/);
    expect(table.out()).toMatch(/orders-api\s+queue\s+99 % \/ 30d\s+–\s+–\s.*n\/a/);
  });
});
