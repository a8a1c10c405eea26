import type { ResolvedAlertingOptions } from '../config/index.js';
import { type AlertmanagerClient, createAlertmanagerClient } from './alertmanager-client.js';

/** The observer's client, when `alerting.alertmanagerUrl` is set: alerts carry `service` and `environment`. */
export function createObserverAlerts(
  alerting: ResolvedAlertingOptions,
  service: string,
  environment: string,
): AlertmanagerClient | undefined {
  if (alerting.alertmanagerUrl === undefined) return undefined;
  return createAlertmanagerClient({
    url: alerting.alertmanagerUrl,
    headers: alerting.headers,
    defaultLabels: { service, environment, ...alerting.defaultLabels },
    ...(alerting.timeoutMs === undefined ? {} : { timeoutMs: alerting.timeoutMs }),
    ...(alerting.retries === undefined ? {} : { retries: alerting.retries }),
  });
}
