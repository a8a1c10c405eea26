import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ObserverOptions } from '../config/index.js';
import { DEFAULT_SERVICE_NAME, resolveOptions } from '../config/index.js';
import { ensureContextManager } from '../context/index.js';
import { loadSentry } from '../errors/index.js';
import { loadSloSpec } from '../slo/index.js';
import { assembleObserver } from './assemble-observer.js';
import { buildResource } from './build-resource.js';
import type { Observer } from './observer-api.js';
import { wireApmAndAlerts } from './wire-apm.js';
import { wireDebug } from './wire-debug.js';
import { wireErrors } from './wire-errors.js';
import { wireHealthAndHttp } from './wire-http.js';
import { wireLogsAndMetrics } from './wire-logs.js';
import { wireShutdown } from './wire-shutdown.js';
import { wireSlo } from './wire-slo.js';
import { wireTracing } from './wire-tracing.js';

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

/**
 * Wires logs, metrics and traces for one service. Options are validated here, once; then
 * each step builds on the previous ones and registers what it opens with the lifecycle.
 */
export function createObserver(input: CreateObserverOptions = {}): Observer {
  const { env, registerGlobal = true, spanProcessors = [], ...rest } = input;
  const options = resolveOptions(rest, env ?? process.env);
  // Before anything is opened: a DSN without @sentry/node installed fails here, leaking nothing.
  const sentry = options.errors.sentry.dsn === undefined ? undefined : loadSentry();
  // Read and checked before anything opens too: a bad spec throws a SightlineConfigError, leaking nothing.
  const sloSpec = loadSloSpec(options.slo, {
    serviceName: options.serviceName,
    prefix: options.metrics.prefix,
    durationBuckets: options.metrics.durationBuckets,
  });
  const resource = buildResource(options);
  const releaseContext = ensureContextManager();

  const core = wireLogsAndMetrics(options, resource);
  if (options.serviceName === DEFAULT_SERVICE_NAME) {
    // OpenTelemetry's default, said once: every service without a name is one service in a backend.
    // The line's own `service` binding names it already.
    core.logs.logger.warn(
      `no service name: telemetry is labelled ${DEFAULT_SERVICE_NAME}; set serviceName in createObserver() or OTEL_SERVICE_NAME`,
    );
  }
  const tracing = wireTracing(core, resource, { registerGlobal, spanProcessors });
  const served = wireHealthAndHttp(core, tracing);
  const shutdown = wireShutdown(core, tracing, served, releaseContext);
  const errors = wireErrors(core, served.http, shutdown.lifecycle, { sentry, registerGlobal });
  const apm = wireApmAndAlerts(core, tracing.tracer, served.http, shutdown.lifecycle);
  const slo = wireSlo(core, served, shutdown.lifecycle, sloSpec);
  const debug = wireDebug(core, served.http, shutdown.lifecycle, errors, slo.api);
  return assembleObserver({ core, resource, tracing, served, shutdown, errors, apm, slo, debug });
}
