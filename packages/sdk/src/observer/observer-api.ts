import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span, Tracer } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { Logger } from 'pino';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertmanagerClient } from '../alert/index.js';
import type { Apm } from '../apm/index.js';
import type { LogLevel, ResolvedOptions } from '../config/index.js';
import type { RequestContext } from '../context/index.js';
import type { DebugServerAddress, DebugToggle } from '../debug/index.js';
import type { ErrorTracker } from '../errors/index.js';
import type { Health } from '../health/index.js';
import type { HistogramDeclaration, MetricDeclaration } from '../metrics/index.js';
import type { DrainableServer, DrainOptions, ServeOptions, ShutdownHandle, ShutdownPhase } from '../shutdown/index.js';
import type { ObserverSlo } from '../slo/index.js';
import type { FetchFunction, SpanOptions } from '../trace/index.js';

export interface ObserverMetrics {
  /** The observer's prom-client registry. */
  readonly registry: Registry;
  counter<L extends string>(declaration: MetricDeclaration<L>): Counter<L>;
  gauge<L extends string>(declaration: MetricDeclaration<L> & { collect?: (this: Gauge<L>) => void | Promise<void> }): Gauge<L>;
  histogram<L extends string>(declaration: HistogramDeclaration<L>): Histogram<L>;
  /** Prometheus text, or OpenMetrics (with exemplars) when `accept` asks for it. */
  render(accept?: string): Promise<{ contentType: string; body: string }>;
}

export interface Observer {
  readonly options: ResolvedOptions;
  /** A pino logger: children, levels and serializers work as in pino. */
  readonly logger: Logger;
  readonly metrics: ObserverMetrics;
  readonly tracer: Tracer;
  /** The requests the adapters (node, express, fastify) are serving. */
  readonly http: ObserverHttp;
  /** Error tracking: capture(), captureMessage(), groups(); to the log, the active span and Sentry. */
  readonly errors: ErrorTracker;
  /** Transactions (OpenTelemetry spans) and the per-route summary: count, errors, p50/p95/p99, Apdex. */
  readonly apm: Apm;
  /** Alertmanager v2 client, when `alerting.alertmanagerUrl` (SIGHTLINE_ALERTMANAGER_URL) is set. */
  readonly alerts: AlertmanagerClient | undefined;
  /** The SLOs of `slo.spec` / `slo.objectives`, counted from the requests served: error budget, burn rates, alerts. */
  readonly slo: ObserverSlo;
  readonly resource: Resource;
  /** Runs fn in a child span of the current one; errors are recorded and rethrown. */
  span<T>(name: string, fn: (span: Span) => T, options?: SpanOptions): T;
  /** fetch with a client span, trace-context injection and a duration histogram. */
  readonly fetch: FetchFunction;
  /** The request being served in this async context, if any. */
  requestContext(): RequestContext | undefined;
  /**
   * Runs `fn` outside any request's context, and so what it starts (timers, intervals, promise
   * chains, a worker loop first started by a request): their log lines, errors and spans do
   * not carry the ids of the request that happened to start them.
   */
  inBackground<T>(fn: () => T): T;
  /** Tags the current request's logs and span with a user id. */
  setUser(userId: string): boolean;
  /** Sets the current request's route template (for handlers without a router). */
  setRoute(template: string): boolean;
  /** Changes the log level at runtime, for the root logger and the access log. */
  setLogLevel(level: LogLevel): void;
  /**
   * Opens the log files again at their paths, for log rotation that moves files away
   * (logrotate without copytruncate): `process.on('SIGHUP', () => observer.reopenLogFiles())`.
   * A file that cannot be opened is reported as an internal error and keeps its old descriptor.
   */
  reopenLogFiles(): void;
  /**
   * node:http / Express handler serving the registry (content-negotiated). Under Fastify send
   * `metrics.render(accept)` through the reply instead: this writes the raw response later.
   */
  readonly metricsHandler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Registers a resource to close during shutdown(), in the given phase. */
  onShutdown(name: string, run: () => unknown, phase?: ShutdownPhase): void;
  /** Contains an instrumentation failure: counted and logged at most once a minute. */
  reportInternalError(component: string, error: unknown): void;
  /** Flushes and closes everything; idempotent, bounded by shutdownTimeoutMs. */
  shutdown(): Promise<void>;
  /** Health checks and the live, ready and startup probes every adapter serves. */
  readonly health: Health;
  /** Registers a server with shutdown(): it stops accepting, drains in-flight requests, closes its connections. */
  attachServer(server: DrainableServer, options?: DrainOptions): void;
  /** attachServer() plus SIGTERM/SIGINT handlers: readiness fails, requests drain, shutdown() runs, the process exits. */
  serve(server: DrainableServer, options?: ServeOptions): ShutdownHandle;
  /** The debug server (profiles, heap, event loop, inspector) on its own port, when `debug.enabled`. */
  readonly debug: ObserverDebug;
}

export interface ObserverHttp {
  /** How many requests an adapter began and has not finished yet. */
  readonly inFlight: number;
  /** Resolves once no request is in flight (at once when none is). */
  whenIdle(): Promise<void>;
}

export interface ObserverDebug {
  readonly enabled: boolean;
  /** Where the debug server listens, once it does; undefined when it is off or could not listen. */
  ready(): Promise<DebugServerAddress | undefined>;
  /** The bearer token its requests must carry; undefined when it is off. */
  readonly token: string | undefined;
  /** What POST /debug/toggle drives (debug level and request dumps for a while), to call from code; undefined when it is off. */
  readonly toggle: DebugToggle | undefined;
}
