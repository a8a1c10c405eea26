import type { Alert } from '@sightline/sdk/alertmanager';

/** The identity of an alert: its label set (Alertmanager's own notion of the same alert). */
export function alertKey(alert: Alert): string {
  return JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * `alert` with `startMs` as its start when it has none of its own (a regressed error group, an
 * SLO burning: their sources cannot say when they began) and one is known (its episode's).
 */
export function withStart(alert: Alert, startMs: number | undefined): Alert {
  return alert.startsAt !== undefined || startMs === undefined ? alert : { ...alert, startsAt: new Date(startMs) };
}

/** An alert as the console shows and keeps it: its name apart from its other labels, its summary, and the console page it links to. */
export function alertFacts(alert: Alert): { alertname: string; labels: Record<string, string>; summary: string; path: string | null } {
  const { alertname = '', ...labels } = alert.labels;
  return {
    alertname,
    labels,
    summary: alert.annotations?.summary ?? alertname,
    path: alert.generatorURL === undefined ? null : new URL(alert.generatorURL).pathname,
  };
}
