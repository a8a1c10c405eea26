import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ResolvedHealthOptions } from '../config/index.js';
import { registerHealthMetrics } from './health-metrics.js';
import { HealthRegistry } from './health-registry.js';
import { ProbeResponder } from './probe-responder.js';
import type { HealthCheck, HealthReport, ProbeKind } from './types.js';

/** `observer.health`: the checks, the startup and shutdown flags, and the probe endpoints. */
export interface Health {
  /** Adds a check (see the built-in checkers); a duplicate name or a bad setting throws SightlineConfigError. */
  register(check: HealthCheck): void;
  /** Startup is done (migrations ran): the startup probe passes and readiness starts to count. */
  markStarted(): void;
  /** Readiness fails at once ("shutting down"); observer.serve() and shutdown() call it for you. */
  markShuttingDown(): void;
  readonly started: boolean;
  readonly shuttingDown: boolean;
  /** Runs the probe's due checks and reports; `health` is the aggregate of every check. */
  evaluate(probe: ProbeKind): Promise<HealthReport>;
  /** A node:http / Express handler answering `probe`, to mount on a path of your own. */
  handler(probe: ProbeKind): (req: IncomingMessage, res: ServerResponse) => void;
  /** What the adapters serve before the request pass; undefined when `health.enabled` is false. */
  readonly endpoints: ProbeResponder | undefined;
}

export interface HealthSetupOptions {
  readonly health: ResolvedHealthOptions;
  readonly service: { readonly name: string; readonly version: string | undefined; readonly environment: string };
  readonly logger: Logger;
  readonly onInternalError: (component: string, error: unknown) => void;
  /** The registry to export health metrics to; omitted when metrics are off. */
  readonly metrics?: { readonly registry: Registry; readonly prefix: string };
}

export interface HealthSetup {
  readonly api: Health;
  readonly registry: HealthRegistry;
  /** Paths the request pass must ignore (empty when the endpoints are off). */
  readonly paths: readonly string[];
}

export function createHealth(options: HealthSetupOptions): HealthSetup {
  const { health } = options;
  const registry = new HealthRegistry({
    defaults: { timeoutMs: health.timeoutMs, intervalMs: health.intervalMs },
    logger: options.logger,
  });
  const responder = new ProbeResponder({
    registry,
    service: { ...options.service, instance: hostname() },
    paths: health.paths,
    showDetails: health.showDetails,
    onInternalError: options.onInternalError,
  });
  if (options.metrics !== undefined) registerHealthMetrics(options.metrics.registry, options.metrics.prefix, registry);

  const api: Health = {
    register: (check) => registry.register(check),
    markStarted: () => registry.markStarted(),
    markShuttingDown: () => registry.markShuttingDown(),
    get started() {
      return registry.started;
    },
    get shuttingDown() {
      return registry.shuttingDown;
    },
    evaluate: (probe) => registry.evaluate(probe),
    handler: (probe) => (req, res) => responder.respond(probe, req, res),
    endpoints: health.enabled ? responder : undefined,
  };
  return { api, registry, paths: health.enabled ? responder.paths : [] };
}
