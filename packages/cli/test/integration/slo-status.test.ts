import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObserver, type Observer } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import { eventually } from '@sightline/sdk/testing';
import { parseSloSpecs, renderRuleFile, ruleGroups } from '@sightline/slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrometheusServer, startPrometheus } from '../../../sdk/test/integration/prometheus-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { runCli } from '../../src/program.js';
import { captureIo } from '../support/capture-io.js';

const binaries = requireBinaries(['prometheus'], 'prometheus');

const SPEC = `version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders/:id] } }
`;
// Its rules are never loaded: status must say so and name the rule file.
const UNLOADED = `version: sightline/v1
service: payments
slos:
  - name: availability
    objective: 99.5
    sli: { availability: {} }
`;

interface StatusJson {
  slos: {
    service: string;
    slo: string;
    state: string;
    sli: number | null;
    budgetRemaining: number | null;
    burnRates: { window: string; rate: number | null }[];
    alert: string | null;
  }[];
}

describe.skipIf(binaries.skip)('sightline slo status against a real Prometheus scraping an SDK service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-status-'));
  let observer: Observer;
  let server: Server;
  let prometheus: PrometheusServer;
  let base = '';

  beforeAll(async () => {
    writeFileSync(join(dir, 'orders.slo.yaml'), SPEC);
    writeFileSync(join(dir, 'payments.slo.yaml'), UNLOADED);
    writeFileSync(join(dir, 'orders.rules.yml'), renderRuleFile(ruleGroups(parseSloSpecs(SPEC, { source: 'orders.slo.yaml' }))));
    observer = createObserver({
      serviceName: 'orders-api',
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      trace: { enabled: false },
      http: { routes: ['/orders/:id'] },
    });
    server = createServer(
      sightlineHandler(observer, (req, res) => {
        if (req.url === '/metrics') return observer.metricsHandler(req, res);
        res.statusCode = req.url?.endsWith('?fail') === true ? 500 : 200;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `http://${target}`;
    // The spec's default selector is { job: <service> }: the scrape job carries the service's name.
    const config = [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      `rule_files: ['${join(dir, 'orders.rules.yml')}']`,
      'scrape_configs:',
      `  - { job_name: orders-api, static_configs: [{ targets: ['${target}'] }] }`,
      '',
    ].join('\n');
    prometheus = await startPrometheus({ binary: binaries.path('prometheus'), config });
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await observer?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async (...args: string[]) => {
    const cli = captureIo({}, dir);
    const code = await runCli(['slo', 'status', ...args], cli.io);
    return { code, out: cli.out(), err: cli.err() };
  };

  it('shows a non-zero error ratio and a budget below 100 % after failing requests', async () => {
    // Good and failing requests until the 5m SLI error ratio the rules record is above zero:
    // rate() needs a series to grow between two scrapes, so traffic keeps flowing while waiting.
    await eventually(
      async () => {
        await Promise.all([1, 2, 3, 4].map((id) => fetch(`${base}/orders/${id}`)));
        expect((await fetch(`${base}/orders/9?fail`)).status).toBe(500);
        const [sample] = await prometheus.query('slo:period_error_budget_remaining:ratio{sloth_id="orders-api-availability"} < 1');
        return sample;
      },
      'the budget remaining to fall below 1',
      { timeoutMs: 30_000, intervalMs: 250, details: () => prometheus.output() },
    );

    const json = await status('orders.slo.yaml', '--prometheus', prometheus.url, '--json');
    expect(json.err).toBe('');
    expect(json.code).toBe(0);
    const [orders] = (JSON.parse(json.out) as StatusJson).slos;
    expect(orders).toMatchObject({ service: 'orders-api', slo: 'availability', state: 'ok' });
    expect(orders?.sli).toBeLessThan(1);
    expect(orders?.sli).toBeGreaterThan(0);
    expect(orders?.budgetRemaining).toBeLessThan(1);
    const fiveMinutes = orders?.burnRates.find((burn) => burn.window === '5m');
    // About 1 request in 5 fails: far above 14.4x a 0.1 % budget, in both page windows.
    expect(fiveMinutes?.rate).toBeGreaterThan(14.4);
    expect(orders?.alert).toBe('page');

    const table = await status('orders.slo.yaml', '--prometheus', prometheus.url);
    expect(table.code).toBe(0);
    const [header, row] = table.out.split('\n');
    expect(header).toMatch(/^SERVICE\s+SLO\s+OBJECTIVE\s+SLI\s+BUDGET LEFT\s+BURN 5M\s+BURN 30M\s+BURN 1H .*BURN 3D\s+ALERT$/);
    expect(row).toMatch(/^orders-api\s+availability\s+99\.9 % \/ 30d\s+\d+\.\d{3} %\s+-?\d+\.\d %\s.*page$/);
    // Not a terminal: no colour.
    expect(table.out).not.toContain('\x1b[');
    const colored = captureIo({ FORCE_COLOR: '1' }, dir);
    expect(await runCli(['slo', 'status', 'orders.slo.yaml', '--prometheus', prometheus.url], colored.io)).toBe(0);
    expect(colored.out()).toContain('\x1b[31mpage\x1b[0m');
  }, 60_000);

  it('names the rule file to load when Prometheus has no rules for an SLO', async () => {
    const result = await status('orders.slo.yaml', 'payments.slo.yaml', '--prometheus', prometheus.url);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/payments\s+availability\s.*rules not loaded/);
    expect(result.err).toContain('has no recording rules for payments/availability (sloth_id="payments-availability")');
    expect(result.err).toContain('sightline slo generate orders.slo.yaml payments.slo.yaml --out slo.rules.yml');
    const alone = await status('payments.slo.yaml', '--prometheus', prometheus.url);
    expect(alone.err).toContain('load the generated rule file payments.rules.yml');
  });

  it('asks for one source', async () => {
    const both = await status('orders.slo.yaml', '--console', 'http://127.0.0.1:18888', '--prometheus', prometheus.url);
    expect(both.code).toBe(2);
    expect(both.err).toContain('give one source: --prometheus or --console');
    const none = await status('orders.slo.yaml');
    expect(none.code).toBe(2);
    expect(none.err).toContain('--prometheus URL');
  });
});
