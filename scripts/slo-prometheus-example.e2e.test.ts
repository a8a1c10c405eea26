import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../packages/cli/src/program.js';
import { captureIo } from '../packages/cli/test/support/capture-io.js';
import { type PrometheusServer, startPrometheus } from '../packages/sdk/test/integration/prometheus-server.js';
import { requireBinaries } from '../packages/sdk/test/support/system-binary.js';
import { postgresProcessesFor, type StartedExample, startExample } from './fixtures/npm-start.js';

const prometheus = requireBinaries(['prometheus'], 'prometheus');
const SPECS = ['examples/orders-api/sightline.slo.yaml', 'examples/payments/sightline.slo.yaml'].map((file) => resolve(file));
const ORDERS = 'sloth_id="orders-api-orders-availability"';

// Issue 13: a real Prometheus with the rules generated from the examples' own specs, scraping the
// running example (npm start: orders-api and payments under the traffic generator; the card
// processor's failures make some orders answer 503): the SLI error ratio goes above zero and the budget falls.
describe.skipIf(prometheus.skip)('generated SLO rules in a real Prometheus scraping the running example', () => {
  let dir = '';
  let dataDir = '';
  let example: StartedExample | undefined;
  let server: PrometheusServer | undefined;
  afterAll(async () => {
    await server?.stop();
    if (example !== undefined) {
      example.child.kill('SIGINT');
      expect(await example.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    }
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('records a non-zero orders error ratio and a falling budget once errors happen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sightline-slo-prometheus-'));
    // Postgres runs as its own user when we are root, and must reach pg/.
    await chmod(dir, 0o755);
    dataDir = join(dir, 'pg');
    example = await startExample(dir, dataDir);
    const paymentsUrl = example.printed.map((line) => /Payments:\s+POST (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1]).find(Boolean);
    expect(paymentsUrl).toBeDefined();

    const rules = join(dir, 'slo.rules.yml');
    const cli = captureIo({}, dir);
    expect(await runCli(['slo', 'generate', ...SPECS, '--out', rules], cli.io), cli.err()).toBe(0);
    const hostPort = (url: string) => new URL(url).host;
    // Job names are the services: the generated SLIs select job="orders-api" and job="payments".
    const config = [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      `rule_files: [${JSON.stringify(rules)}]`,
      'scrape_configs:',
      `  - { job_name: orders-api, static_configs: [{ targets: [${JSON.stringify(hostPort(example.ordersUrl))}] }] }`,
      `  - { job_name: payments, static_configs: [{ targets: [${JSON.stringify(hostPort(paymentsUrl!))}] }] }`,
      '',
    ].join('\n');
    server = await startPrometheus({ binary: prometheus.path('prometheus'), config });

    const value = async (expression: string) => Number((await server!.query(expression))[0]?.value[1] ?? Number.NaN);
    const deadline = Date.now() + 120_000;
    let ratio = Number.NaN;
    let remaining = Number.NaN;
    while (Date.now() < deadline) {
      ratio = await value(`slo:sli_error:ratio_rate5m{${ORDERS}}`);
      remaining = await value(`slo:period_error_budget_remaining:ratio{${ORDERS}}`);
      if (ratio > 0 && remaining < 1) break;
      await new Promise((done) => setTimeout(done, 1_000));
    }
    expect(ratio, `the orders SLI error ratio (Prometheus said:\n${server.output()})`).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(1);
    // The meta rules: the objective and budget as the spec gives them, and every SLO recorded.
    expect(await value(`slo:objective:ratio{${ORDERS}}`)).toBeCloseTo(0.999, 10);
    const recorded = await server.query('count by (sloth_id) (slo:error_budget:ratio)');
    expect(recorded.map((sample) => sample.metric.sloth_id).sort()).toEqual([
      'orders-api-orders-availability',
      'orders-api-orders-latency',
      'payments-charges-availability',
    ]);
  }, 240_000);
});
