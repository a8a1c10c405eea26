import type { Alert } from '@sightline/sdk/alertmanager';
import type { StoredErrorGroup } from '../store/index.js';

/** A resolved error group that happened again. */
export const REGRESSED_ALERT = 'SightlineErrorRegressed';
/** An error group first seen a short while ago (`newForMs`) that nobody has resolved or ignored. */
export const NEW_ALERT = 'SightlineErrorNew';

export interface ErrorAlertSettings {
  /** The console's UI, for the link to the group (`generatorURL`). */
  readonly consoleUrl: string;
  /** How often the alerts are sent again; a regressed group's alert ends three intervals after the last send. */
  readonly intervalMs: number;
  /** How long a group counts as new after its first occurrence. */
  readonly newForMs: number;
}

/**
 * The alerts the error groups call for now: one per regressed group (firing while it stays
 * regressed: sent again every interval, it ends three intervals after the last send), one per
 * group that is new and unresolved (ending `newForMs` after its first occurrence). An ignored or
 * resolved group calls for none. Labels identify the alert (the same group updates the same alert).
 */
export function errorAlertsOf(groups: readonly StoredErrorGroup[], nowMs: number, settings: ErrorAlertSettings): Alert[] {
  const alerts: Alert[] = [];
  for (const group of groups) {
    const labels = {
      fingerprint: group.fingerprint,
      error_type: group.type,
      ...(group.services.length === 0 ? {} : { service: group.services.join(',') }),
    };
    const common = {
      generatorURL: `${settings.consoleUrl}/errors/${encodeURIComponent(group.fingerprint)}`,
    };
    const where = group.services.length === 0 ? '' : ` in ${group.services.join(', ')}`;
    const release = group.lastVersion === null ? '' : ` (release ${group.lastVersion})`;
    if (group.status === 'regressed') {
      alerts.push({
        ...common,
        labels: { alertname: REGRESSED_ALERT, ...labels },
        annotations: {
          summary: `${group.type}${where} happened again after it was resolved${release}`,
          description: group.message,
        },
        endsAt: new Date(nowMs + 3 * settings.intervalMs),
      });
    } else if (group.status === 'unresolved' && group.firstSeenMs + settings.newForMs > nowMs) {
      alerts.push({
        ...common,
        labels: { alertname: NEW_ALERT, ...labels },
        annotations: { summary: `a new error: ${group.type}${where}${release}`, description: group.message },
        startsAt: new Date(Math.min(group.firstSeenMs, nowMs)),
        endsAt: new Date(group.firstSeenMs + settings.newForMs),
      });
    }
  }
  return alerts;
}

/** The identity of an alert: its label set (Alertmanager's own notion of the same alert). */
export function alertKey(alert: Alert): string {
  return JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}
