import type { Alert } from '@sightline/sdk/alertmanager';
import type { Incident, IncidentSeverity, StoreQueries } from '../store/index.js';
import type { AlertSettings } from './error-alerts.js';
import type { AlertSource } from './notifier.js';

/** An incident declared in the console and not yet resolved: its responders hear of it through Alertmanager. */
export const INCIDENT_ALERT = 'SightlineIncident';

/**
 * The `severity` label an incident's alert carries, as the Alertmanager config of `sightline slo
 * alertmanager` routes it: SEV1 pages (critical), SEV2 opens a ticket (warning), SEV3 goes to the
 * default receiver (info).
 */
const SEVERITY_LABEL: Record<IncidentSeverity, string> = { sev1: 'critical', sev2: 'warning', sev3: 'info' };

/** Open incidents read per round. */
const INCIDENTS_PER_ROUND = 1_000;

/**
 * One alert per open incident, firing from its declaration while it stays open (sent again every
 * interval, it ends three intervals after the last send; a resolve ends it at the next round).
 * Its labels name the incident and its grade (which routes it), not its title: a renamed incident
 * updates the same alert; a re-graded one is a new alert and the old one is resolved, so the new
 * grade's receiver hears of it.
 */
export function incidentAlertsOf(incidents: readonly Incident[], nowMs: number, settings: AlertSettings): Alert[] {
  return incidents
    .filter((incident) => incident.status !== 'resolved')
    .map((incident) => ({
      labels: {
        alertname: INCIDENT_ALERT,
        incident: `INC-${incident.id}`,
        severity: SEVERITY_LABEL[incident.severity],
        incident_severity: incident.severity,
      },
      annotations: {
        summary: `INC-${incident.id} (${incident.severity.toUpperCase()}): ${incident.title}`,
        description: `${incident.status}; declared by ${incident.createdBy}`,
      },
      generatorURL: `${settings.consoleUrl()}/incidents/${incident.id}`,
      startsAt: new Date(Math.min(incident.createdMs, nowMs)),
      endsAt: new Date(nowMs + 3 * settings.intervalMs),
    }));
}

/** The open incidents' alerts, read from the store each round. */
export function incidentAlerts(store: StoreQueries, settings: AlertSettings): AlertSource {
  return async (nowMs) => incidentAlertsOf(await store.incidents({ state: 'open', limit: INCIDENTS_PER_ROUND }), nowMs, settings);
}
