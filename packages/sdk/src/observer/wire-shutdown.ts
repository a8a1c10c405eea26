import { GracefulShutdown, Lifecycle } from '../shutdown/index.js';
import type { TracingSetup } from '../trace/index.js';
import { telemetryFlush } from './telemetry-flush.js';
import type { HttpWiring } from './wire-http.js';
import type { ObserverCore } from './wire-logs.js';

export interface ShutdownWiring {
  readonly lifecycle: Lifecycle;
  readonly graceful: GracefulShutdown;
}

/**
 * The observer's Lifecycle with the hooks of what is open so far (traces, logs, the context
 * manager, health), and the graceful shutdown of the servers attached to it.
 */
export function wireShutdown(
  core: ObserverCore,
  tracing: TracingSetup,
  { health, http }: HttpWiring,
  releaseContext: () => void,
): ShutdownWiring {
  const { options, logs, reportInternalError } = core;
  let shutdownFailures = 0;
  const lifecycle = new Lifecycle(options.shutdownTimeoutMs, (name, error, owner) => {
    shutdownFailures++;
    // The app's own hook failing is the app's error, said as such (and never rate-limited away).
    if (owner === 'app') logs.logger.error({ err: error, hook: name }, `shutdown hook "${name}" failed`);
    else reportInternalError(`shutdown:${name}`, error);
  });
  lifecycle.register('telemetry', 'flush', telemetryFlush(options, logs.logger, tracing, core.logExport));
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
  return { lifecycle, graceful };
}
