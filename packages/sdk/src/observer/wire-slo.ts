import type { SloSpec } from '@sightline/slo';
import type { Lifecycle } from '../shutdown/index.js';
import { createSlo, type SloSetup } from '../slo/index.js';
import type { HttpWiring } from './wire-http.js';
import type { ObserverCore } from './wire-logs.js';

/** observer.slo: the spec's SLOs on the request pass, in /metrics and /healthz; its timer stops at shutdown. */
export function wireSlo(core: ObserverCore, served: HttpWiring, lifecycle: Lifecycle, spec: SloSpec | undefined): SloSetup {
  const { options, metrics, logs, reportInternalError } = core;
  const slo = createSlo({
    spec,
    http: served.http,
    degradeOnBurn: options.slo.degradeOnBurn,
    evaluationIntervalMs: options.slo.evaluationIntervalMs,
    metrics: options.metrics.enabled ? { registry: metrics.registry, prefix: options.metrics.prefix } : undefined,
    registerCheck: (check) => served.health.api.register(check),
    logger: logs.logger,
    onInternalError: reportInternalError,
  });
  if (spec !== undefined) lifecycle.register('slo', 'intake', () => slo.close());
  return slo;
}
