import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningConsole, startConsole } from '@sightline/console';
import { ensurePostgresStopped } from '@sightline/dev-postgres/supervise';
import { EXAMPLE_NODE_ARGS, type ServiceProcess, startServiceProcess } from './lib/service-process.js';

/**
 * `npm start`: the console (OTLP receiver, store, API and UI), embedded Postgres, the payments
 * and orders services (each its own process) exporting to the console, and a traffic
 * generator; prints every URL. Ctrl-C stops everything and waits for it.
 */
const root = process.cwd();
const logDir = process.env.SIGHTLINE_LOG_DIR ?? join(root, '.sightline');
mkdirSync(logDir, { recursive: true });

// The console starts first: the services export their traces and logs to it with no
// configuration. OTEL_EXPORTER_OTLP_ENDPOINT sends them to your own collector instead.
const userCollector = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;

// Each service runs its debug server (profiles, heap, inspector, debug toggle) on loopback,
// with one token for this run that the printed CLI commands carry.
const debugToken = process.env.SIGHTLINE_DEBUG_TOKEN ?? randomBytes(24).toString('hex');
const debugEnv = (port: string): Record<string, string> => ({
  SIGHTLINE_DEBUG: 'true',
  SIGHTLINE_DEBUG_PORT: port,
  SIGHTLINE_DEBUG_TOKEN: debugToken,
});

const services: ServiceProcess[] = [];
let consoleApp: RunningConsole | undefined;
let stopping = false;
// The embedded Postgres orders-api starts (unless DATABASE_URL points elsewhere); its default
// data dir is examples/orders-api's DEFAULT_DATA_DIR, <repo>/.sightline/pg-data.
const pgDataDir = process.env.DATABASE_URL ? undefined : (process.env.PGDATA_DIR ?? join(root, '.sightline', 'pg-data'));

async function stopAll(code: number): Promise<never> {
  stopping = true;
  // Orders first: it drains its requests to payments and stops Postgres before we stop payments.
  for (const service of [...services].reverse()) await service.stop();
  // Last, so the services' final exports still land in it.
  await consoleApp
    ?.close()
    .catch((error: unknown) => process.stderr.write(`the console did not close cleanly: ${(error as Error).message}\n`));
  // Whatever happened to orders-api, no Postgres may outlive npm start.
  if (pgDataDir !== undefined && !(await ensurePostgresStopped(pgDataDir))) {
    process.stderr.write(`a Postgres on ${pgDataDir} did not stop\n`);
    code = 1;
  }
  process.exit(code);
}

interface ServiceSpec {
  readonly name: string;
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly logFile: string;
  /** The embedded Postgres it runs (orders-api): a killed service leaves it running, in the way of its next start. */
  readonly postgresDataDir?: string | undefined;
}
const specs = new Map<ServiceProcess, ServiceSpec>();

async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const service = await startServiceProcess(spec.name, spec.entry, spec.env, spec.logFile);
  specs.set(service, spec);
  services.push(service);
  return service;
}

/** Restarts within a minute after which a service that keeps dying stops the example instead. */
const MAX_RESTARTS_PER_MINUTE = 3;
const RESTART_DELAY_MS = 2000;

/**
 * A service that dies (a crash, or `kill -9` to see what its callers and the console make of it)
 * is started again on its port after RESTART_DELAY_MS, as a supervisor would; one that keeps
 * dying stops the example.
 */
function restartWhenItDies(service: ServiceProcess, index: number, giveUp: (why: string) => void, restarts: number[] = []): void {
  void service.exited.then(async (code) => {
    if (stopping) return;
    const spec = specs.get(service) as ServiceSpec;
    const now = Date.now();
    const recent = [...restarts.filter((at) => now - at < 60_000), now];
    if (recent.length > MAX_RESTARTS_PER_MINUTE) return giveUp(`${spec.name} exited (code ${code}) ${recent.length} times within a minute`);
    process.stderr.write(`${spec.name} exited unexpectedly (code ${code}); starting it again in ${RESTART_DELAY_MS / 1000} s.\n`);
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (stopping) return;
    try {
      if (spec.postgresDataDir !== undefined && !(await ensurePostgresStopped(spec.postgresDataDir, 4000))) {
        throw new Error(`its Postgres on ${spec.postgresDataDir} did not stop`);
      }
      const port = new URL(service.url).port;
      const again = await startServiceProcess(spec.name, spec.entry, { ...spec.env, PORT: port }, spec.logFile);
      specs.set(again, spec);
      services[index] = again;
      if (stopping) return void again.stop();
      process.stderr.write(`${spec.name} is running again on ${again.url}.\n`);
      restartWhenItDies(again, index, giveUp, recent);
    } catch (error) {
      giveUp(`${spec.name} did not start again: ${(error as Error).message}`);
    }
  });
}

try {
  consoleApp = await startConsole({
    db: process.env.SIGHTLINE_CONSOLE_DB ?? join(logDir, 'console.duckdb'),
    port: Number(process.env.CONSOLE_PORT ?? 18888),
    otlpPort: Number(process.env.OTLP_PORT ?? 4318),
    // The services' own SLO specs: the console's SLOs page computes them from their spans.
    slo: ['orders-api', 'payments'].map((service) => join(root, 'examples', service, 'sightline.slo.yaml')),
  });
  const collector = userCollector ?? consoleApp.otlpUrl;
  const tracing: Record<string, string> = { OTEL_EXPORTER_OTLP_ENDPOINT: collector, SIGHTLINE_LOG_OTLP: 'true' };
  const payments = await startService({
    name: 'payments',
    entry: 'examples/payments/src/main.ts',
    env: { ...tracing, ...debugEnv(process.env.PAYMENTS_DEBUG_PORT ?? '6061'), PORT: process.env.PAYMENTS_PORT ?? '3001' },
    logFile: join(logDir, 'payments.log'),
  });
  const orders = await startService({
    name: 'orders-api',
    entry: 'examples/orders-api/src/main.ts',
    env: { ...tracing, ...debugEnv(process.env.DEBUG_PORT ?? '6060'), PORT: process.env.PORT ?? '3000', PAYMENTS_URL: payments.url },
    logFile: join(logDir, 'orders-api.log'),
    postgresDataDir: pgDataDir,
  });
  // The console scrapes both services' /metrics and reads their /healthz from now on.
  // Named as the services, so their metrics read "orders-api", not a host:port.
  for (const service of services) consoleApp.addScrapeTarget(`${service.url}/metrics`, service.name);
  process.stdout.write(
    [
      'Sightline is running',
      `  Console:     ${consoleApp.url}   (traces, logs, metrics, errors, SLOs, alerts, incidents; OTLP/HTTP on ${consoleApp.otlpUrl})`,
      `  Orders API:  ${orders.url}/products   ${orders.url}/orders   ${orders.url}/users`,
      `  Metrics:     ${orders.url}/metrics   ${payments.url}/metrics`,
      `  Payments:    POST ${payments.url}/charges   (called by orders-api; no page to open)`,
      `  Health:      ${orders.url}/healthz   ${payments.url}/healthz   (also /livez /readyz /startupz)`,
      `  APM:         ${orders.url}/admin/apm   (per-route count, error rate, p50/p95/p99, Apdex)`,
      orders.debugUrl === undefined
        ? '  Debug:       the debug server did not start (port taken?); see the service logs'
        : `  Debug:       SIGHTLINE_DEBUG_TOKEN=${debugToken} npm run sightline -- debug cpu --target ${orders.debugUrl}` +
          (payments.debugUrl === undefined ? '' : `   (payments: ${payments.debugUrl})`),
      `  Logs:        ${join(logDir, 'orders-api.log')}   ${join(logDir, 'payments.log')}`,
      `  Traces:      exported with the services' logs over OTLP/HTTP to ${collector}`,
      '  Traffic:     20 req/s with client errors and slow, declined or failed payments. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  const traffic = spawn(process.execPath, [...EXAMPLE_NODE_ARGS, 'examples/traffic/src/main.ts', '--target', orders.url, '--rps', '20'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const trafficDone = new Promise<void>((resolve) => traffic.once('close', () => resolve()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      if (stopping) return;
      stopping = true;
      traffic.kill('SIGINT');
      await trafficDone;
      await stopAll(0);
    });
  }
  const giveUp = (why: string) => {
    if (stopping) return;
    process.stderr.write(`${why}; stopping.\n`);
    traffic.kill('SIGINT');
    void stopAll(1);
  };
  for (const [index, service] of services.entries()) restartWhenItDies(service, index, giveUp);
} catch (error) {
  const message = (error as Error).message;
  process.stderr.write(`npm start failed: ${message}\n`);
  if (/EADDRINUSE|in use/.test(message)) {
    process.stderr.write(
      'A port npm start needs is taken: is an earlier npm start still running? Stop it, or pick other ports with ' +
        'CONSOLE_PORT, OTLP_PORT, PORT, PAYMENTS_PORT, DEBUG_PORT, PAYMENTS_DEBUG_PORT and PG_PORT (the embedded Postgres).\n',
    );
  }
  await stopAll(1);
}
