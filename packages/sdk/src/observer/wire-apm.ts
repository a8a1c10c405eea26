import type { Tracer } from '@opentelemetry/api';
import { type AlertmanagerClient, createObserverAlerts } from '../alert/index.js';
import { type Apm, createApm } from '../apm/index.js';
import type { RequestPass } from '../http/index.js';
import type { Lifecycle } from '../shutdown/index.js';
import type { ObserverCore } from './wire-logs.js';

export interface ApmWiring {
  readonly apm: Apm;
  readonly alerts: AlertmanagerClient | undefined;
}

/** APM (transactions and the per-route summary) and, when configured, the Alertmanager client, idle before shutdown ends. */
export function wireApmAndAlerts(core: ObserverCore, tracer: Tracer, http: RequestPass, lifecycle: Lifecycle): ApmWiring {
  const { options, metrics, logs } = core;
  const apm = createApm({
    tracer,
    http,
    apm: options.apm,
    registry: options.metrics.enabled ? metrics.registry : undefined,
    prefix: options.metrics.prefix,
    onRouteOverflow: (maxRoutes) =>
      logs.logger.warn({ max_routes: maxRoutes }, 'APM reached apm.maxRoutes (method, route) pairs; new ones fold into __overflow__'),
  });
  const alerts = createObserverAlerts(options.alerting, options.serviceName, options.environment);
  if (alerts !== undefined) lifecycle.register('alerts', 'flush', () => alerts.idle());
  return { apm, alerts };
}
