import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  global: { scrape_interval: string };
  scrape_configs: ScrapeConfig[];
}

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
      for (const job of config.scrape_configs) job.static_configs = [{ targets: [ports[job.job_name] as string] }];
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
  });
});
