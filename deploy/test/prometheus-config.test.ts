import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createObserver, type Observer } from '../../packages/sdk/src/index.js';
import { eventually } from '../../packages/sdk/src/testing/index.js';
import { type PrometheusServer, startPrometheus } from '../../packages/sdk/test/integration/prometheus-server.js';
import { requireBinaries } from '../../packages/sdk/test/support/system-binary.js';

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[] }[];
}
interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string };
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: ScrapeConfig[];
}
interface RuleGroups {
  groups: { name: string; file: string; rules: { name: string; type: string; health: string }[] }[];
}

const prometheusDir = fileURLToPath(new URL('../prometheus/', import.meta.url));

const configText = readFileSync(new URL('../prometheus/prometheus.yml', import.meta.url), 'utf8');
const prometheus = requireBinaries(['prometheus'], 'prometheus');

describe('deploy/prometheus/prometheus.yml', () => {
  it('scrapes orders-api and payments every 15 s on the ports npm start uses', () => {
    const config = parse(configText) as PrometheusConfig;
    expect(config.global.scrape_interval).toBe('15s');
    expect(Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets]))).toEqual({
      'orders-api': ['127.0.0.1:3000'],
      payments: ['127.0.0.1:3001'],
    });
  });

  it('loads the service alerts and the generated SLO rules, and sends alerts to Alertmanager on 9093', () => {
    const config = parse(configText) as PrometheusConfig;
    expect(config.rule_files).toEqual(['rules/*.rules.yml', '../slo/*.rules.yml']);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['127.0.0.1:9093']);
  });

  describe.skipIf(prometheus.skip)('run by the real Prometheus', () => {
    const observers: Observer[] = [];
    const servers: Server[] = [];
    let server: PrometheusServer | undefined;

    /** A service stand-in exposing its observer's /metrics, as the examples do. */
    async function service(name: string): Promise<string> {
      const observer = createObserver({
        serviceName: name,
        env: {},
        registerGlobal: false,
        log: { level: 'silent' },
        trace: { enabled: false },
      });
      const http = createServer((req, res) => observer.metricsHandler(req, res));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      observers.push(observer);
      servers.push(http);
      return `127.0.0.1:${(http.address() as AddressInfo).port}`;
    }

    beforeAll(async () => {
      const ports: Record<string, string> = { 'orders-api': await service('orders-api'), payments: await service('payments') };
      // Only the targets (free ports here) and the interval (to keep the test short) change.
      const config = parse(configText) as PrometheusConfig;
      config.global.scrape_interval = '1s';
      config.global.evaluation_interval = '1s';
      for (const job of config.scrape_configs) job.static_configs = [{ targets: [ports[job.job_name] as string] }];
      // The config runs from a temp dir: its rule files, relative to deploy/prometheus/, become absolute.
      config.rule_files = config.rule_files.map((file) => (isAbsolute(file) ? file : resolve(prometheusDir, file)));
      server = await startPrometheus({ binary: prometheus.path('prometheus'), config: stringify(config) });
    });

    afterAll(async () => {
      await server?.stop();
      for (const http of servers) http.close();
      await Promise.all(observers.map((observer) => observer.shutdown()));
    });

    it('finds both targets up', async () => {
      const up = await eventually(
        async () => {
          const samples = await (server as PrometheusServer).query('up == 1');
          const jobs = new Set(samples.map((sample) => sample.metric.job));
          return jobs.has('orders-api') && jobs.has('payments') ? jobs : undefined;
        },
        'both jobs up in Prometheus',
        { timeoutMs: 30_000, intervalMs: 100, retryErrors: true, details: () => (server as PrometheusServer).output() },
      );
      expect([...up].sort()).toEqual(['orders-api', 'payments']);
    });

    it('loads every rule group of deploy/prometheus/rules and deploy/slo, all healthy once evaluated', async () => {
      const loaded = await eventually(
        async () => {
          const { groups } = await (server as PrometheusServer).api<RuleGroups>('rules');
          const rules = groups.flatMap((group) => group.rules);
          return rules.length > 0 && rules.every((rule) => rule.health === 'ok') ? groups : undefined;
        },
        'every rule evaluated without error',
        { timeoutMs: 60_000, intervalMs: 250, retryErrors: true, details: () => (server as PrometheusServer).output() },
      );
      const names = loaded.map((group) => group.name);
      expect(names).toEqual(expect.arrayContaining(['sightline-service', 'sightline-saturation']));
      for (const slo of ['orders-api-orders-availability', 'orders-api-orders-latency', 'payments-charges-availability']) {
        expect(names).toContain(`sloth-slo-sli-recordings-${slo}`);
        expect(names).toContain(`sloth-slo-alerts-${slo}`);
      }
      const alerts = loaded.flatMap((group) => group.rules).filter((rule) => rule.type === 'alerting');
      expect(alerts.map((rule) => rule.name)).toEqual(
        expect.arrayContaining([
          'HighErrorRate',
          'HighLatency',
          'ServiceDown',
          'EventLoopLagHigh',
          'HeapUsageHigh',
          'DbPoolExhausted',
          'OrdersAvailability',
          'OrdersLatency',
          'ChargesAvailability',
        ]),
      );
    });
  });
});
