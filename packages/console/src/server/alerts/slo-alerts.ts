import type { Alert } from '@sightline/sdk/alertmanager';
import { sloAlertDefinitions } from '@sightline/slo';
import { evaluateSlo, type SloStatus, type TrackedSlo } from '../slo/index.js';
import type { StoreQueries } from '../store/index.js';
import type { AlertSettings } from './error-alerts.js';
import type { AlertSource } from './notifier.js';

/**
 * The alerts of SLOs whose error budget burns too fast now, by the console's own evaluation
 * (the multi-window conditions of the SLOs page, which fire only once the stored data covers
 * their long window): the same alert name, labels and annotations as the rules `sightline slo
 * generate` writes (`sloAlertDefinitions`), so one Alertmanager config routes both, and an
 * Alertmanager that gets both from the console and from Prometheus sees one alert.
 */
export function sloAlertsOf(evaluated: readonly (TrackedSlo & { status: SloStatus })[], nowMs: number, settings: AlertSettings): Alert[] {
  const alerts: Alert[] = [];
  for (const { spec, slo, status } of evaluated) {
    for (const definition of sloAlertDefinitions(spec, slo)) {
      if (!status.conditions.some((condition) => condition.severity === definition.severity && condition.firing)) continue;
      alerts.push({
        labels: { alertname: definition.alertname, ...definition.labels },
        annotations: definition.annotations,
        generatorURL: `${settings.consoleUrl()}/slos/${encodeURIComponent(slo.id)}`,
        endsAt: new Date(nowMs + 3 * settings.intervalMs),
      });
    }
  }
  return alerts;
}

/** The tracked SLOs' alerts, each SLO evaluated from the store every round. */
export function sloAlerts(queries: StoreQueries, tracked: readonly TrackedSlo[], settings: AlertSettings): AlertSource {
  return async (nowMs) => {
    const nowNs = BigInt(nowMs) * 1_000_000n;
    const evaluated = await Promise.all(
      tracked.map(async (entry) => ({ ...entry, status: (await evaluateSlo(queries, entry, nowNs)).status })),
    );
    return sloAlertsOf(evaluated, nowMs, settings);
  };
}
