import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { LOG_LEVELS } from '../config/index.js';
import { getRequestContext, inBackground, setRequestUser } from '../context/index.js';
import type { ErrorTracker } from '../errors/index.js';
import { attachRequestPass, type RequestPass } from '../http/index.js';
import type { MetricsSetup } from '../metrics/index.js';
import type { SloSetup } from '../slo/index.js';
import { createTracedFetch, runInSpan, type TracingSetup } from '../trace/index.js';
import type { InternalErrorReporter } from './internal-errors.js';
import type { Observer, ObserverHttp, ObserverMetrics } from './observer-api.js';
import type { ApmWiring } from './wire-apm.js';
import { type DebugWiring, observerDebug } from './wire-debug.js';
import type { HttpWiring } from './wire-http.js';
import type { ObserverCore } from './wire-logs.js';
import type { ShutdownWiring } from './wire-shutdown.js';

/** Everything createObserver built, in the order it built it. */
export interface ObserverParts {
  readonly core: ObserverCore;
  readonly resource: Resource;
  readonly tracing: TracingSetup;
  readonly served: HttpWiring;
  readonly shutdown: ShutdownWiring;
  readonly errors: ErrorTracker;
  readonly apm: ApmWiring;
  readonly slo: SloSetup;
  readonly debug: DebugWiring;
}

function observerMetrics(metrics: MetricsSetup): ObserverMetrics {
  return {
    registry: metrics.registry,
    counter: (declaration) => metrics.business.counter(declaration),
    gauge: (declaration) => metrics.business.gauge(declaration),
    histogram: (declaration) => metrics.business.histogram(declaration),
    render: (accept) => metrics.render(accept),
  };
}

/** What a metrics response that someone else already answered says, once counted. */
const ALREADY_ANSWERED =
  'observer.metricsHandler: the response was already sent when the metrics were ready; under Fastify send ' +
  'observer.metrics.render() through the reply (or call reply.hijack() first)';

/**
 * Writes the scrape's answer, unless the response is no longer ours to write (a framework, or a
 * timeout, answered it while the registry was collected): then the failure is counted and logged
 * as the SDK's own, never thrown, so it cannot become an unhandled rejection that ends the process.
 */
function answerScrape(res: ServerResponse, status: number, contentType: string, body: string, report: InternalErrorReporter): void {
  if (res.headersSent || res.writableEnded || res.destroyed) {
    if (!res.destroyed) report('metrics', new Error(ALREADY_ANSWERED));
    return;
  }
  try {
    res.statusCode = status;
    res.setHeader('content-type', contentType);
    res.end(body);
  } catch (error) {
    report('metrics', error);
  }
}

function metricsHandler(metrics: MetricsSetup, reportInternalError: InternalErrorReporter) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    metrics.render(req.headers.accept).then(
      ({ contentType, body }) => answerScrape(res, 200, contentType, body, reportInternalError),
      (error: unknown) => {
        reportInternalError('metrics', error);
        answerScrape(res, 500, 'text/plain; charset=utf-8', 'metrics collection failed\n', reportInternalError);
      },
    );
  };
}

function observerHttp(pass: RequestPass): ObserverHttp {
  return {
    get inFlight() {
      return pass.inFlight.size;
    },
    whenIdle: () => pass.whenIdle(),
  };
}

function setRoute(template: string): boolean {
  const request = getRequestContext(context.active());
  if (request === undefined) return false;
  request.route = template;
  return true;
}

/** The public Observer over the parts: no setup happens here beyond the traced fetch. */
export function assembleObserver(parts: ObserverParts): Observer {
  const { core, tracing, shutdown, debug } = parts;
  const { options, metrics, logs, reportInternalError } = core;
  const { lifecycle, graceful } = shutdown;
  const observer: Observer = {
    options,
    logger: logs.logger,
    metrics: observerMetrics(metrics),
    tracer: tracing.tracer,
    http: observerHttp(parts.served.http),
    errors: parts.errors,
    apm: parts.apm.apm,
    alerts: parts.apm.alerts,
    slo: parts.slo.api,
    resource: parts.resource,
    span: (name, fn, spanOptions) => runInSpan(tracing.tracer, name, fn, spanOptions),
    fetch: createTracedFetch(tracing.tracer, metrics.httpClientDuration, globalThis.fetch, tracing.propagator),
    requestContext: () => getRequestContext(context.active()),
    inBackground,
    setUser: setRequestUser,
    setRoute,
    setLogLevel(level) {
      // An explicit level supersedes a debug toggle (which would otherwise restore its own at the end).
      if (debug.toggle !== undefined && LOG_LEVELS.includes(level)) debug.toggle.disable('setLogLevel');
      logs.setLevel(level);
    },
    reopenLogFiles() {
      try {
        logs.output.reopen();
      } catch (error) {
        // Called from a signal handler: contained, and the failing file keeps its old descriptor.
        reportInternalError('log', error);
      }
    },
    metricsHandler: metricsHandler(metrics, reportInternalError),
    onShutdown: (name, run, phase = 'close') => lifecycle.register(name, phase, run, 'app'),
    reportInternalError,
    shutdown: () => lifecycle.shutdown(),
    health: parts.served.health.api,
    attachServer: (server, drainOptions) => graceful.attach(server, drainOptions),
    serve: (server, serveOptions) => graceful.serve(server, serveOptions),
    debug: observerDebug(debug),
  };
  // The adapters reach the pass itself through requestPassOf(observer), not through its type.
  return attachRequestPass(observer, parts.served.http);
}
