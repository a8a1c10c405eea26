import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const deployDir = fileURLToPath(new URL('..', import.meta.url));
const load = <T>(path: string): T => parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')) as T;

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
}
interface Pipeline {
  receivers: string[];
  processors: string[];
  exporters: string[];
}
interface CollectorConfig {
  receivers: { otlp: { protocols: { http: { endpoint: string }; grpc: { endpoint: string } } } };
  processors: Record<string, unknown>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, Pipeline> };
}
interface PrometheusConfig {
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

const compose = load<Compose>('docker-compose.yml');
const collector = load<CollectorConfig>('otel-collector/config.yaml');
const services = compose.services;
/** host:port of a URL or a bare host:port endpoint. */
const hostPort = (endpoint: string) => {
  const url = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  return { host: url.hostname, port: Number(url.port) };
};
/** The container port a compose service publishes, e.g. '3002:3000' → 3000. */
const containerPorts = (service: ComposeService) => (service.ports ?? []).map((mapping) => Number(mapping.split(':').pop()));

describe('deploy/docker-compose.yml', () => {
  it('runs the example services and the whole scale-out stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['alertmanager', 'grafana', 'loki', 'orders-api', 'otel-collector', 'payments', 'postgres', 'prometheus', 'tempo'].sort(),
    );
  });

  it('mounts only configuration files that exist in deploy/', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (!source.startsWith('.')) continue;
        expect(existsSync(new URL(source, `file://${deployDir}/`)), `${name} mounts ${source}`).toBe(true);
      }
    }
  });

  it("points both services' OTLP export at the collector's HTTP receiver", () => {
    const receiver = hostPort(collector.receivers.otlp.protocols.http.endpoint);
    for (const name of ['orders-api', 'payments']) {
      const endpoint = hostPort(services[name]?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT as string);
      expect(endpoint).toEqual({ host: 'otel-collector', port: receiver.port });
      expect(services[name]?.depends_on).toContain('otel-collector');
    }
    expect(containerPorts(services['otel-collector'] as ComposeService)).toContain(receiver.port);
  });

  it('wires orders-api to Postgres and payments by service name', () => {
    const env = services['orders-api']?.environment ?? {};
    expect(hostPort(env.DATABASE_URL as string)).toEqual({ host: 'postgres', port: 5432 });
    expect(hostPort(env.PAYMENTS_URL as string)).toEqual({ host: 'payments', port: Number(services.payments?.environment?.PORT) });
  });
});

describe('deploy/otel-collector/config.yaml', () => {
  it('has traces, metrics and logs pipelines built only from declared components', () => {
    const pipelines = collector.service.pipelines;
    expect(Object.keys(pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const [signal, pipeline] of Object.entries(pipelines)) {
      for (const receiver of pipeline.receivers) expect(collector.receivers, `${signal} receiver ${receiver}`).toHaveProperty(receiver);
      for (const processor of pipeline.processors)
        expect(collector.processors, `${signal} processor ${processor}`).toHaveProperty(processor);
      for (const exporter of pipeline.exporters) expect(collector.exporters, `${signal} exporter ${exporter}`).toHaveProperty(exporter);
      expect(pipeline.processors).toContain('batch');
    }
  });

  it('exports traces to Tempo, metrics to Prometheus and logs to Loki, each a compose service listening there', () => {
    const pipelines = collector.service.pipelines;
    const target = (exporter: string) => hostPort(collector.exporters[exporter]?.endpoint as string);
    const tempoGrpc = hostPort(
      load<{ distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } } }>('tempo/tempo.yaml').distributor
        .receivers.otlp.protocols.grpc.endpoint,
    );
    expect(target(pipelines.traces?.exporters[0] as string)).toEqual({ host: 'tempo', port: tempoGrpc.port });
    expect(target(pipelines.metrics?.exporters[0] as string)).toEqual({ host: 'prometheus', port: 9090 });
    expect(services.prometheus?.command).toContain('--web.enable-remote-write-receiver');
    expect(target(pipelines.logs?.exporters[0] as string)).toEqual({ host: 'loki', port: 3100 });
    expect(containerPorts(services.loki as ComposeService)).toContain(3100);
  });
});

describe('deploy/prometheus/prometheus.docker.yml', () => {
  it('scrapes the same jobs as prometheus.yml, by compose service name and port', () => {
    const local = load<PrometheusConfig>('prometheus/prometheus.yml');
    const docker = load<PrometheusConfig>('prometheus/prometheus.docker.yml');
    const jobs = (config: PrometheusConfig) => config.scrape_configs.map((job) => job.job_name);
    for (const job of jobs(local)) expect(jobs(docker)).toContain(job);
    for (const job of docker.scrape_configs) {
      const { host, port } = hostPort(job.static_configs[0]?.targets[0] as string);
      expect(services, `job ${job.job_name}`).toHaveProperty(host);
      const service = services[host] as ComposeService;
      if (service.environment?.PORT !== undefined) expect(port).toBe(Number(service.environment.PORT));
    }
  });
});

describe('deploy/grafana datasources', () => {
  it('reach Prometheus, Tempo and Loki by compose service name', () => {
    const { datasources } = load<{ datasources: { type: string; url: string }[] }>('grafana/provisioning/datasources/datasources.yaml');
    expect(datasources.map((source) => [source.type, hostPort(source.url).host])).toEqual([
      ['prometheus', 'prometheus'],
      ['tempo', 'tempo'],
      ['loki', 'loki'],
    ]);
  });
});
