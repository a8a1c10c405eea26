import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '@sightline/sdk/network';
import type { SloSpec } from '@sightline/slo';
import type { FastifyInstance } from 'fastify';
import { createOtlpServer, IngestError, type IngestSink } from '../ingest/index.js';
import { type ConsoleLog, createConsoleLog } from '../log/index.js';
import {
  createHealthPoller,
  createScraper,
  type HealthPoller,
  type HealthStatus,
  resolvePollOptions,
  type Scraper,
  type TargetStatus,
} from '../scrape/index.js';
import { openStore, type Store, StoreOverloadedError } from '../store/index.js';
import { createApiServer } from './api-server.js';
import { createConsoleAlerts } from './console-alerts.js';
import { type ConsoleOptions, type ResolvedConsoleOptions, resolveConsoleOptions } from './console-options.js';
import { checkCanListen, listenOn } from './listen-error.js';
import { loadSloSpecs } from './slo-specs.js';

export interface RunningConsole {
  /** The UI and API, e.g. http://127.0.0.1:18888 */
  readonly url: string;
  /** The OTLP/HTTP base URL exporters point OTEL_EXPORTER_OTLP_ENDPOINT at. */
  readonly otlpUrl: string;
  /** The UI/API token when one is in force (printed by the CLI as a login URL). */
  readonly token: string | undefined;
  readonly tokenGenerated: boolean;
  /** False when the console listens beyond loopback (then the UI needs its token). */
  readonly loopbackOnly: boolean;
  /** Whether OTLP exports must carry the ingest key; without one, anyone who reaches the OTLP port can write. */
  readonly ingestKeyRequired: boolean;
  /** The Alertmanager that alerts (new and regressed error groups, SLO burns) are sent to, when one was given. */
  readonly alertmanager: string | undefined;
  readonly store: Store;
  /** The `--scrape` targets: health (up/down), last error, counts. */
  scrapeTargets(): TargetStatus[];
  /** The latest `/healthz` answer of a service behind a scrape target (what `/api/services` shows). */
  healthOf(service: string): HealthStatus | undefined;
  /**
   * Scrapes (and polls the health of) one more `/metrics` URL from now on; a bad URL throws ScrapeConfigError.
   * `job` names the service its samples belong to (default: the target's host:port).
   */
  addScrapeTarget(url: string, job?: string): void;
  /** Stops intake first (OTLP, scrapes, then the API), then commits and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** How long a client should wait after a 503 for a full ingest queue: one group-commit cycle is far less. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The console: the store (DuckDB in its worker), the OTLP/HTTP receiver on its own port, and the
 * API (and UI) on another. Nothing listens beyond loopback unless asked, and then only with a token.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const config = resolveConsoleOptions(options);
  const slos = loadSloSpecs(config.slo);
  const log = createConsoleLog(config.logLevel);
  // A port that cannot be had refuses the start before a database is made (listenOn() still
  // reports the port another process takes in between).
  await checkCanListen(config.host, config.otlpPort, 'otlpPort');
  await checkCanListen(config.host, config.port, 'port');
  const store = await openStore(config.store);
  const servers: FastifyInstance[] = [];
  let background: Background | undefined;
  // From here on the store's worker runs: whatever fails closes it, or the process would never exit.
  try {
    background = createBackground(config, store, slos, log);
    const otlp = createReceiver(config, store);
    servers.push(otlp);
    const { health, consoleAlerts } = background;
    const api = createApiServer({
      store,
      health,
      slos,
      alerts: consoleAlerts.feed,
      token: config.token,
      allowedHosts: config.allowedHosts,
      log,
    });
    servers.push(api);
    await listenOn(otlp, config.host, config.otlpPort, 'otlpPort');
    await listenOn(api, config.host, config.port, 'port');
    background.start(urlOf(api));
    return runningConsole(config, store, background, otlp, api);
  } catch (error) {
    await background?.stop().catch(() => undefined);
    for (const server of servers) await server.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** The console's work outside any request: scrapes, health polls and alert rounds. */
interface Background {
  readonly scraper: Scraper;
  readonly health: HealthPoller;
  readonly consoleAlerts: ReturnType<typeof createConsoleAlerts>;
  /** The first scrape, health poll and alert round now, then every interval; alerts link to `consoleUrl`. */
  start(consoleUrl: string): void;
  stop(): Promise<unknown>;
}

function createBackground(config: ResolvedConsoleOptions, store: Store, slos: readonly SloSpec[], log: ConsoleLog): Background {
  const poll = { targets: config.scrape, intervalMs: config.scrapeIntervalMs };
  const scraper = createScraper({ ...poll, store, log: log.warn });
  const health = createHealthPoller({ ...poll, serviceNameOf: (target) => scraper.serviceNameOf(target) });
  // The alerts link to the console's pages, whose URL is known once it listens (before any round or request).
  let consoleUrl = '';
  const consoleAlerts = createConsoleAlerts({
    store,
    slos,
    consoleUrl: () => consoleUrl,
    alertmanager: config.alertmanager,
    intervalMs: config.alertIntervalMs,
    newErrorForMs: config.newErrorForMs,
    log,
  });
  return {
    scraper,
    health,
    consoleAlerts,
    start(url) {
      consoleUrl = url;
      scraper.start();
      health.start();
      consoleAlerts.start();
    },
    stop: () => Promise.all([scraper.close(), health.close(), consoleAlerts.close()]),
  };
}

/** The OTLP/HTTP receiver, writing into the store. */
function createReceiver(config: ResolvedConsoleOptions, store: Store): FastifyInstance {
  return createOtlpServer({
    sink: storeSink(store),
    maxBodyBytes: config.maxBodyBytes,
    cors:
      config.corsOrigins.length === 0
        ? undefined
        : {
            allowedOrigins: config.corsOrigins,
            allowedHeaders: ['content-type', 'content-encoding', 'authorization', 'x-otlp-api-key'],
            maxAgeSeconds: 600,
          },
    ingestKey: config.ingestKey,
    // Without a key, a receiver on loopback takes only what is addressed to it (DNS rebinding).
    allowedHosts: config.ingestKey === undefined && isLoopbackHost(config.host) ? config.allowedHosts : undefined,
  });
}

function runningConsole(
  config: ResolvedConsoleOptions,
  store: Store,
  background: Background,
  otlp: FastifyInstance,
  api: FastifyInstance,
): RunningConsole {
  const { scraper, health } = background;
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(api),
    otlpUrl: urlOf(otlp),
    token: config.token,
    tokenGenerated: config.tokenGenerated,
    loopbackOnly: isLoopbackHost(config.host),
    ingestKeyRequired: config.ingestKey !== undefined,
    alertmanager: config.alertmanager,
    store,
    scrapeTargets: () => scraper.status(),
    healthOf: (service) => health.healthOf(service),
    addScrapeTarget(url, job) {
      const entry = job === undefined ? url : { url, job };
      const [target] = resolvePollOptions({ targets: [entry], intervalMs: config.scrapeIntervalMs }, 'scrape').targets;
      if (target === undefined) return;
      scraper.addTarget(target);
      health.addTarget(target.url);
    },
    close() {
      closing ??= (async () => {
        // Intake first (OTLP, then scrapes and health polls), then the API, then the store.
        await otlp.close();
        await background.stop();
        await api.close();
        await store.close();
      })();
      return closing;
    },
  };
}

function storeSink(store: Store): IngestSink {
  return {
    async ingest(signal, format, body) {
      try {
        return await store.ingestOtlp(signal, format, body, { transfer: true });
      } catch (error) {
        if (error instanceof StoreOverloadedError) {
          throw new IngestError('SL_INGEST_OVERLOADED', error.message, { retryAfterSeconds: RETRY_AFTER_SECONDS, cause: error });
        }
        throw error;
      }
    },
  };
}

function urlOf(server: FastifyInstance): string {
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
