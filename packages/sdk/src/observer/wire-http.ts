import { createHealth, type HealthSetup } from '../health/index.js';
import { RequestPass, RouteMatcher } from '../http/index.js';
import type { TracingSetup } from '../trace/index.js';
import type { ObserverCore } from './wire-logs.js';

export interface HttpWiring {
  readonly health: HealthSetup;
  /** The request pass every adapter drives. */
  readonly http: RequestPass;
}

/** Health checks and probes, then the request pass (spans, RED metrics, access log) that leaves the probes out. */
export function wireHealthAndHttp({ options, metrics, logs, reportInternalError }: ObserverCore, tracing: TracingSetup): HttpWiring {
  const health = createHealth({
    health: options.health,
    service: { name: options.serviceName, version: options.serviceVersion, environment: options.environment },
    logger: logs.logger,
    onInternalError: reportInternalError,
    ...(options.metrics.enabled ? { metrics: { registry: metrics.registry, prefix: options.metrics.prefix } } : {}),
  });

  const http = new RequestPass({
    tracer: tracing.tracer,
    serverSpans: tracing.serverSpans,
    tracingEnabled: options.trace.enabled || tracing.attached,
    propagator: tracing.propagator,
    metrics: options.metrics.enabled ? metrics.http : undefined,
    accessLogger: logs.accessLogger,
    directAccessLines: logs.directAccessLines,
    slowRequestMs: options.http.slowRequestMs,
    requestIdHeader: options.http.requestIdHeader,
    // Adapters answer probes before the pass; ignoring their paths keeps them out of RED metrics either way.
    ignorePaths: [...options.http.ignorePaths, ...health.paths],
    ...(options.http.routes.length > 0 ? { routeMatcher: new RouteMatcher(options.http.routes) } : {}),
    onInternalError: reportInternalError,
  });
  return { health, http };
}
