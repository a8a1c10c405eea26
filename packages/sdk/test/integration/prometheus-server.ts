import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@sightline/dev-postgres/free-port';
import { pollUntil } from './poll-until.js';

const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 5000;

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

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS, false, { ref: false })]);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Starts the real Prometheus binary on a free port with its own config and TSDB in a temp
 * dir, and resolves once /-/ready answers. stop() (and, as a backstop, this process's exit)
 * kills it, so a failing test never leaves it running.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const directory = await mkdtemp(join(tmpdir(), 'sightline-prometheus-'));
  const configFile = join(directory, 'prometheus.yml');
  await writeFile(configFile, options.config ?? configYaml(options.targets ?? []));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(options.features ?? []).map((feature) => `--enable-feature=${feature}`),
  ];
  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopProcess(child).finally(async () => {
      process.off('exit', killOnExit);
      await rm(directory, { recursive: true, force: true });
    });
    return stopping;
  };

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };

  // An early exit (bad flag, port taken) ends the wait at once, with what Prometheus said.
  const exited = new AbortController();
  child.once('exit', (code, signal) => exited.abort(new Error(`prometheus exited (code ${code}, signal ${signal}):\n${output}`)));
  child.on('error', (error) => exited.abort(error));
  try {
    await pollUntil(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), `Prometheus to be ready at ${url}`, {
      signal: exited.signal,
      details: () => output,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    api,
    query: async (expression) =>
      (await api<{ resultType: string; result: PromSample[] }>(`query?query=${encodeURIComponent(expression)}`)).result,
    output: () => output,
    stop,
  };
}
