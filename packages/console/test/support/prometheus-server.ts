import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './test-servers.js';

/** Whether the machine has a Prometheus server; in CI its absence is a failure, not a skip. */
export function prometheusAvailable(): boolean {
  const found = spawnSync('prometheus', ['--version']).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('prometheus not found on PATH; install the Debian package prometheus');
  return found;
}

export interface PrometheusTarget {
  readonly job: string;
  /** host:port */
  readonly address: string;
  readonly path: string;
}

export interface TargetVerdict {
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface RunningPrometheus {
  readonly baseUrl: string;
  /** Waits until every job was scraped once and returns each job's health and error. */
  verdicts(jobs: readonly string[], timeoutMs?: number): Promise<Map<string, TargetVerdict>>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return Number(new URL(server.baseUrl).port);
}

/** A real Prometheus scraping `targets` every second, on a port that was free a moment ago. */
export async function startPrometheus(targets: readonly PrometheusTarget[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-prometheus-'));
  const jobs = targets.map(
    (target) => `  - job_name: ${JSON.stringify(target.job)}
    metrics_path: ${JSON.stringify(target.path)}
    static_configs:
      - targets: [${JSON.stringify(target.address)}]`,
  );
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs.join('\n')}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--enable-feature=exemplar-storage',
      '--log.level=error',
    ],
    { stdio: 'ignore' },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async verdicts(wanted, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const verdicts = new Map<string, TargetVerdict>();
        try {
          const body = (await (await fetch(`${baseUrl}/api/v1/targets`)).json()) as {
            data: { activeTargets: { labels: { job: string }; health: TargetVerdict['health']; lastError: string }[] };
          };
          for (const target of body.data.activeTargets) {
            if (target.health !== 'unknown') verdicts.set(target.labels.job, { health: target.health, lastError: target.lastError });
          }
        } catch {
          // Not listening yet.
        }
        if (wanted.every((job) => verdicts.has(job))) return verdicts;
        if (Date.now() > deadline) throw new Error(`Prometheus did not scrape every target within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
