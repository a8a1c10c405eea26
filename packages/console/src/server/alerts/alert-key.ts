import type { Alert } from '@sightline/sdk/alertmanager';

/** The identity of an alert: its label set (Alertmanager's own notion of the same alert). */
export function alertKey(alert: Alert): string {
  return JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}
