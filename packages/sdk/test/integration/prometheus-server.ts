import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface PrometheusServer {
  /** e.g. http://127.0.0.1:41235 */
  readonly url: string;
  /** GET an /api/v1 path; throws unless Prometheus answers status "success". */
  api<T>(pathAndQuery: string): Promise<T>;
  /** An instant query's vector result. */
  query(expression: string): Promise<PromSample[]>;
  /** What Prometheus printed so far (tail), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  readonly binary: string;
  /** host:port targets scraped by one job, every second (ignored when `config` is given). */
  readonly targets?: readonly string[];
  /** A whole prometheus.yml to run with instead of the generated one. */
  readonly config?: string;
  /** --enable-feature values, e.g. exemplar-storage. */
  readonly features?: readonly string[];
}

function configYaml(targets: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: sightline-sdk',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
}

/**
 * Starts the real Prometheus binary on a free port with its own config and TSDB in a temp
 * dir, and resolves once /-/ready answers. stop() (and, as a backstop, this process's exit)
 * kills it, so a failing test never leaves it running.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const daemon = await startDaemon({
    name: 'Prometheus',
    binary: options.binary,
    prepare: (directory) => writeFile(join(directory, 'prometheus.yml'), options.config ?? configYaml(options.targets ?? [])),
    args: (directory, port) => [
      `--config.file=${join(directory, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.features ?? []).map((feature) => `--enable-feature=${feature}`),
    ],
    readyPath: '/-/ready',
  });

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${daemon.url}/api/v1/${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url: daemon.url,
    api,
    query: async (expression) =>
      (await api<{ resultType: string; result: PromSample[] }>(`query?query=${encodeURIComponent(expression)}`)).result,
    output: daemon.output,
    stop: daemon.stop,
  };
}
