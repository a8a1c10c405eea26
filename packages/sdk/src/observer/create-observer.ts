import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, type Span, type Tracer } from '@opentelemetry/api';
import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type AlertmanagerClient, createObserverAlerts } from '../alert/index.js';
import { type Apm, createApm } from '../apm/index.js';
import { resolveOptions } from '../config/resolve.js';
import type { LogLevel, ObserverOptions, ResolvedOptions } from '../config/schema.js';
import { ensureContextManager, getRequestContext, type RequestContext, setRequestUser } from '../context/index.js';
import { type DebugServer, type DebugServerAddress, DebugToggle, startDebugServer, ToggleScope } from '../debug/index.js';
import { createErrorTracker, type ErrorTracker, installProcessHandlers, loadSentry } from '../errors/index.js';
import { createHealth, type Health } from '../health/index.js';
import { RequestPass, RouteMatcher } from '../http/index.js';
import { createLoggerSetup, createOtlpLogStream, createRedaction, LOG_LEVELS, type LoggerSetup } from '../log/index.js';
import { createMetricsSetup, type HistogramDeclaration, type MetricDeclaration, type MetricsSetup } from '../metrics/index.js';
import { type DrainableServer, type DrainOptions, GracefulShutdown, type ServeOptions, type ShutdownHandle } from '../shutdown/index.js';
import { createTracedFetch, createTracing, type FetchFunction, runInSpan, type SpanOptions, type TracingSetup } from '../trace/index.js';
import { createInternalErrorReporter } from './internal-errors.js';
import { Lifecycle, type ShutdownPhase } from './lifecycle.js';

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
  /** The shared request pass the adapters (node, express, fastify) drive. */
  readonly http: RequestPass;
  /** Error tracking: capture(), captureMessage(), groups(); to the log, the active span and Sentry. */
  readonly errors: ErrorTracker;
  /** Transactions (OpenTelemetry spans) and the per-route summary: count, errors, p50/p95/p99, Apdex. */
  readonly apm: Apm;
  /** Alertmanager v2 client, when `alerting.alertmanagerUrl` (SIGHTLINE_ALERTMANAGER_URL) is set. */
  readonly alerts: AlertmanagerClient | undefined;
  readonly resource: Resource;
  /** Runs fn in a child span of the current one; errors are recorded and rethrown. */
  span<T>(name: string, fn: (span: Span) => T, options?: SpanOptions): T;
  /** fetch with a client span, trace-context injection and a duration histogram. */
  readonly fetch: FetchFunction;
  /** The request being served in this async context, if any. */
  requestContext(): RequestContext | undefined;
  /** Tags the current request's logs and span with a user id. */
  setUser(userId: string): boolean;
  /** Sets the current request's route template (for handlers without a router). */
  setRoute(template: string): boolean;
  /** Changes the log level at runtime, for the root logger and the access log. */
  setLogLevel(level: LogLevel): void;
  /** node:http / Express handler serving the registry (content-negotiated). */
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

export interface ObserverDebug {
  readonly enabled: boolean;
  /** Where the debug server listens, once it does; undefined when it is off or could not listen. */
  ready(): Promise<DebugServerAddress | undefined>;
  /** The bearer token its requests must carry; undefined when it is off. */
  readonly token: string | undefined;
  /** What POST /debug/toggle drives (debug level and request dumps for a while), to call from code; undefined when it is off. */
  readonly toggle: DebugToggle | undefined;
}

export interface CreateObserverOptions extends ObserverOptions {
  /** Environment to read OTEL_* and SIGHTLINE_* from (tests pass their own). */
  env?: Record<string, string | undefined>;
  /**
   * Register tracer provider, propagator and context manager globally (or attach to an
   * existing OpenTelemetry setup). Off only for isolated observers, e.g. several in one test.
   */
  registerGlobal?: boolean;
  /** Extra OpenTelemetry span processors (e.g. an in-memory exporter in tests), run before export. */
  spanProcessors?: SpanProcessor[];
}

function buildResource(options: ResolvedOptions): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      ...options.resourceAttributes,
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      'deployment.environment.name': options.environment,
    }),
  );
}

/** Wires logs, metrics and traces for one service. Options are validated here, once. */
export function createObserver(input: CreateObserverOptions = {}): Observer {
  const { env, registerGlobal = true, spanProcessors = [], ...rest } = input;
  const options = resolveOptions(rest, env ?? process.env);
  // Before anything is opened: a DSN without @sentry/node installed fails here, leaking nothing.
  const sentry = options.errors.sentry.dsn === undefined ? undefined : loadSentry();
  const resource = buildResource(options);
  const releaseContext = ensureContextManager();

  let metricsSetup: MetricsSetup | undefined;
  let loggerSetup: LoggerSetup | undefined;
  const reportInternalError = createInternalErrorReporter(
    () => (loggerSetup as LoggerSetup).logger,
    (component) => metricsSetup?.internalErrors.inc({ component }),
  );

  metricsSetup = createMetricsSetup({
    metrics: options.metrics,
    onFirstOverflow: (metric, limit) =>
      loggerSetup?.logger.warn({ metric, limit }, 'metric reached its series limit; new label sets fold into __overflow__'),
  });
  const metrics = metricsSetup;

  const otlpLogs = options.log.otlp.enabled
    ? [
        createOtlpLogStream(options.log.otlp.endpoint ?? options.trace.endpoint.replace(/\/v1\/traces$/, '/v1/logs'), resource, () =>
          reportInternalError('log-export', new Error('OTLP log queue full; oldest lines dropped')),
        ),
      ]
    : [];
  // The debug toggle's logger gate exists only with the debug server: without it, lines pay nothing.
  const toggleScope = options.debug.enabled ? new ToggleScope(options.http.routes) : undefined;
  loggerSetup = createLoggerSetup({
    serviceName: options.serviceName,
    log: options.log,
    pretty: options.log.pretty ?? (options.environment === 'development' && process.stdout.isTTY === true),
    extraStreams: otlpLogs,
    onSampledOut: (level) => metrics.logLinesSampledOut.inc({ level }),
    breadcrumbs: options.errors.breadcrumbs,
    ...(toggleScope === undefined ? {} : { levelGate: toggleScope }),
  });
  const logs = loggerSetup;

  const tracing: TracingSetup = createTracing({
    trace: options.trace,
    resource,
    serviceVersion: options.serviceVersion,
    global: registerGlobal,
    extraProcessors: spanProcessors,
    onSpansDropped: (count, reason) => metrics.spansDropped.inc({ reason }, count),
    onExportError: (error) => reportInternalError('trace-export', error),
  });

  const health = createHealth({
    health: options.health,
    service: { name: options.serviceName, version: options.serviceVersion, environment: options.environment },
    logger: logs.logger,
    onInternalError: reportInternalError,
    ...(options.metrics.enabled ? { metrics: { registry: metrics.registry, prefix: options.metrics.prefix } } : {}),
  });

  const http = new RequestPass({
    tracer: tracing.tracer,
    tracingEnabled: options.trace.enabled || tracing.attached,
    propagator: tracing.propagator,
    metrics: options.metrics.enabled ? metrics.http : undefined,
    accessLogger: logs.accessLogger,
    slowRequestMs: options.http.slowRequestMs,
    requestIdHeader: options.http.requestIdHeader,
    // Adapters answer probes before the pass; ignoring their paths keeps them out of RED metrics either way.
    ignorePaths: [...options.http.ignorePaths, ...health.paths],
    ...(options.http.routes.length > 0 ? { routeMatcher: new RouteMatcher(options.http.routes) } : {}),
    onInternalError: reportInternalError,
  });

  let shutdownFailures = 0;
  const lifecycle = new Lifecycle(options.shutdownTimeoutMs, (name, error) => {
    shutdownFailures++;
    reportInternalError(`shutdown:${name}`, error);
  });
  lifecycle.register('traces', 'flush', () => tracing.shutdown());
  lifecycle.register('logs', 'close', () => logs.output.close());
  lifecycle.register('context', 'close', releaseContext);
  lifecycle.register('health', 'intake', () => health.registry.markShuttingDown());
  lifecycle.register('health-checks', 'close', () => health.registry.close());
  const graceful = new GracefulShutdown({
    logger: logs.logger,
    http,
    options: options.shutdown,
    markShuttingDown: () => health.registry.markShuttingDown(),
    shutdown: () => lifecycle.shutdown(),
    hookFailures: () => shutdownFailures,
    register: (name, phase, run) => lifecycle.register(name, phase, run),
  });

  // Error tracking (errors/): failed requests of every adapter, the log, the active span, Sentry.
  const errors = createErrorTracker({
    options,
    logger: logs.accessLogger,
    http,
    ...(options.http.routes.length > 0 ? { routeMatcher: new RouteMatcher(options.http.routes) } : {}),
    captured: metrics.business.counter({
      name: 'sightline_errors_captured_total',
      help: 'Errors and messages captured, by error type and how they were captured.',
      labelNames: ['error_type', 'mechanism'],
      maxSeries: 200,
    }),
    censorKeys: createRedaction(options.log.redact).censorKeys,
    sentry,
    onInternalError: reportInternalError,
  });
  lifecycle.register('errors', 'flush', () => errors.close(options.shutdownTimeoutMs));
  if (options.errors.processHandlers ?? registerGlobal) {
    const crashReporter = { captureCrash: errors.captureCrash.bind(errors), shutdown: () => lifecycle.shutdown() };
    lifecycle.register('process-handlers', 'close', installProcessHandlers(crashReporter));
  }

  const apm = createApm({
    tracer: tracing.tracer,
    http,
    apm: options.apm,
    registry: options.metrics.enabled ? metrics.registry : undefined,
    prefix: options.metrics.prefix,
    onRouteOverflow: (maxRoutes) =>
      logs.logger.warn({ max_routes: maxRoutes }, 'APM reached apm.maxRoutes (method, route) pairs; new ones fold into __overflow__'),
  });
  const alerts = createObserverAlerts(options.alerting, options.serviceName, options.environment);
  if (alerts !== undefined) lifecycle.register('alerts', 'flush', () => alerts.idle());

  // POST /debug/toggle (debug/debug-toggle.ts): debug level and request dumps for a while.
  const debugToggle =
    toggleScope === undefined
      ? undefined
      : new DebugToggle({
          logs,
          http,
          scope: toggleScope,
          maxDurationSeconds: options.debug.maxToggleSeconds,
          maxBodyBytes: options.debug.dumpBodyBytes,
          redact: options.log.redact,
        });
  if (debugToggle !== undefined) lifecycle.register('debug-toggle', 'intake', () => debugToggle.shutdown());

  const debugServer: DebugServer | undefined = options.debug.enabled
    ? startDebugServer({
        debug: options.debug,
        serviceName: options.serviceName,
        logger: logs.logger,
        onInternalError: reportInternalError,
        inFlight: () => http.inFlight,
        routes: options.http.routes,
        config: options,
        redactKeys: options.log.redact.keys,
        toggle: debugToggle,
      })
    : undefined;
  if (debugServer !== undefined) lifecycle.register('debug-server', 'close', () => debugServer.close());

  const metricsApi: ObserverMetrics = {
    registry: metrics.registry,
    counter: (declaration) => metrics.business.counter(declaration),
    gauge: (declaration) => metrics.business.gauge(declaration),
    histogram: (declaration) => metrics.business.histogram(declaration),
    render: (accept) => metrics.render(accept),
  };

  const observer: Observer = {
    options,
    logger: logs.logger,
    metrics: metricsApi,
    tracer: tracing.tracer,
    http,
    errors,
    apm,
    alerts,
    resource,
    span: (name, fn, spanOptions) => runInSpan(tracing.tracer, name, fn, spanOptions),
    fetch: createTracedFetch(tracing.tracer, metrics.httpClientDuration, globalThis.fetch, tracing.propagator),
    requestContext: () => getRequestContext(context.active()),
    setUser: setRequestUser,
    setRoute(template) {
      const request = getRequestContext(context.active());
      if (request === undefined) return false;
      request.route = template;
      return true;
    },
    setLogLevel(level) {
      // An explicit level supersedes a debug toggle (which would otherwise restore its own at the end).
      if (debugToggle !== undefined && LOG_LEVELS.includes(level)) debugToggle.disable('setLogLevel');
      logs.setLevel(level);
    },
    metricsHandler(req, res) {
      metrics.render(req.headers.accept).then(
        ({ contentType, body }) => {
          res.statusCode = 200;
          res.setHeader('content-type', contentType);
          res.end(body);
        },
        (error: unknown) => {
          reportInternalError('metrics', error);
          res.statusCode = 500;
          res.end('metrics collection failed\n');
        },
      );
    },
    onShutdown: (name, run, phase = 'close') => lifecycle.register(name, phase, run),
    reportInternalError,
    shutdown: () => lifecycle.shutdown(),
    health: health.api,
    attachServer: (server, drainOptions) => graceful.attach(server, drainOptions),
    serve: (server, serveOptions) => graceful.serve(server, serveOptions),
    debug: {
      enabled: debugServer !== undefined,
      ready: () => debugServer?.ready() ?? Promise.resolve(undefined),
      token: debugServer?.token,
      toggle: debugToggle,
    },
  };
  return observer;
}
