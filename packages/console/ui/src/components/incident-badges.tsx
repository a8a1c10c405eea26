import type { IncidentSeverity, IncidentStatus } from '../api/types.js';

/** An incident's severity and status, side by side. */
export function IncidentBadges({ severity, status }: { severity: IncidentSeverity; status: IncidentStatus }) {
  return (
    <>
      <span className={`badge incident-severity-${severity}`}>{severity.toUpperCase()}</span>
      <span className={`badge incident-status incident-status-${status}`}>{status}</span>
    </>
  );
}
