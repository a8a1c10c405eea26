import type { Alert } from '@sightline/sdk/alertmanager';
import type { Store, StoredErrorGroup } from '../store/index.js';
import type { AlertSource } from './notifier.js';

/** A resolved error group that happened again. */
export const REGRESSED_ALERT = 'SightlineErrorRegressed';
/** An error group first seen a short while ago (`newForMs`) that nobody has resolved or ignored. */
export const NEW_ALERT = 'SightlineErrorNew';

/** How far back error groups are read: a day, as the errors page opens. */
const LOOKBACK_MS = 24 * 3_600_000;
/** Groups read per round: the most frequent first. */
const GROUPS_PER_ROUND = 1_000;

export interface AlertSettings {
  /** The console's UI, for the link to the group or SLO (`generatorURL`); read as alerts are built, once the console listens. */
  readonly consoleUrl: () => string;
  /** How often the alerts are sent again; an alert that stays called for ends three intervals after the last send. */
  readonly intervalMs: number;
}

export interface ErrorAlertSettings extends AlertSettings {
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
      generatorURL: `${settings.consoleUrl()}/errors/${encodeURIComponent(group.fingerprint)}`,
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

/** The error groups' alerts: unresolved groups (regressed ones included) of the last day, read from the store each round. */
export function errorGroupAlerts(store: Store, settings: ErrorAlertSettings): AlertSource {
  return async (nowMs) => {
    const groups = await store.errorGroups({
      since: BigInt(nowMs - LOOKBACK_MS) * 1_000_000n,
      status: 'unresolved',
      limit: GROUPS_PER_ROUND,
    });
    return errorAlertsOf(groups, nowMs, settings);
  };
}
