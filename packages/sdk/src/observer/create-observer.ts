import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, type Span, type Tracer } from '@opentelemetry/api';
import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { resolveOptions } from '../config/resolve.js';
import type { LogLevel, ObserverOptions, ResolvedOptions } from '../config/schema.js';
import { ensureContextManager, getRequestContext, type RequestContext, setRequestUser } from '../context/index.js';
import { RequestPass, RouteMatcher } from '../http/index.js';
import { createLoggerSetup, createOtlpLogStream, type LoggerSetup } from '../log/index.js';
import { createMetricsSetup, type HistogramDeclaration, type MetricDeclaration, type MetricsSetup } from '../metrics/index.js';
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
  loggerSetup = createLoggerSetup({
    serviceName: options.serviceName,
    log: options.log,
    pretty: options.log.pretty ?? (options.environment === 'development' && process.stdout.isTTY === true),
    extraStreams: otlpLogs,
    onSampledOut: (level) => metrics.logLinesSampledOut.inc({ level }),
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

  const http = new RequestPass({
    tracer: tracing.tracer,
    tracingEnabled: options.trace.enabled || tracing.attached,
    propagator: tracing.propagator,
    metrics: options.metrics.enabled ? metrics.http : undefined,
    accessLogger: logs.accessLogger,
    slowRequestMs: options.http.slowRequestMs,
    requestIdHeader: options.http.requestIdHeader,
    ignorePaths: options.http.ignorePaths,
    ...(options.http.routes.length > 0 ? { routeMatcher: new RouteMatcher(options.http.routes) } : {}),
    onInternalError: reportInternalError,
  });

  const lifecycle = new Lifecycle(options.shutdownTimeoutMs, (name, error) => reportInternalError(`shutdown:${name}`, error));
  lifecycle.register('traces', 'flush', () => tracing.shutdown());
  lifecycle.register('logs', 'close', () => logs.output.close());
  lifecycle.register('context', 'close', releaseContext);

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
    setLogLevel: (level) => logs.setLevel(level),
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
  };
  return observer;
}
