import { useState } from 'react';
import { durationText } from '../../../src/server/incidents/duration-text.js';
import { api } from '../api/client.js';
import type { IncidentSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { AgoCell } from '../components/ago-cell.js';
import { DeclareIncidentForm } from '../components/declare-incident.js';
import { IncidentBadges } from '../components/incident-badges.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { hrefOf, Link, useLocation } from '../router.js';

const STATES = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
] as const;
type State = (typeof STATES)[number]['value'];

function stateOf(value: string | null): State {
  return STATES.find((state) => state.value === value)?.value ?? 'open';
}

/**
 * The list knows when an incident was declared, not when its first alert fired (its page and the
 * postmortem count from there, often minutes earlier): the column says which it counts.
 */
const OPEN_FOR_TITLE =
  "From the declaration to the resolve (or now). An incident's page counts from its first alert when one fired before the declaration.";

function IncidentRow({ incident }: { incident: IncidentSummary }) {
  const endMs = incident.resolvedMs ?? Date.now();
  return (
    <tr className="incident-row">
      <td className="nowrap mono">
        <Link href={`/incidents/${incident.id}`}>{incident.ref}</Link>
      </td>
      <td>
        <Link href={`/incidents/${incident.id}`}>{incident.title}</Link>
        <div className="muted small">
          declared by {incident.createdBy}
          {incident.alertCount === 0 ? '' : ` · ${incident.alertCount} alert${incident.alertCount === 1 ? '' : 's'}`}
        </div>
      </td>
      <td className="nowrap">
        <IncidentBadges severity={incident.severity} status={incident.status} />
      </td>
      <AgoCell ms={incident.createdMs} />
      <td className="nowrap num open-for" title={OPEN_FOR_TITLE}>
        {durationText(endMs - incident.createdMs)}
      </td>
    </tr>
  );
}

/** Incidents, open ones first by default, and a form to declare one. */
export function IncidentsPage() {
  const { query } = useLocation();
  const state = stateOf(query.get('state'));
  const [declaring, setDeclaring] = useState(false);
  const incidents = useApi(`incidents:${state}`, (signal) => api.incidents({ state }, signal));
  return (
    <div className="page">
      <div className="page-title">
        <h2>Incidents</h2>
        <div className="title-actions">
          {STATES.map((option) => (
            <Link
              key={option.value}
              className={option.value === state ? 'button active' : 'button'}
              href={hrefOf('/incidents', { state: option.value === 'open' ? undefined : option.value })}
            >
              {option.label}
            </Link>
          ))}
        </div>
        <div className="title-actions">
          {declaring ? null : (
            <button type="button" className="declare-open" onClick={() => setDeclaring(true)}>
              Declare incident…
            </button>
          )}
        </div>
      </div>
      {declaring ? <DeclareIncidentForm onCancel={() => setDeclaring(false)} /> : null}
      {incidents.error !== undefined ? <ErrorNotice error={incidents.error} /> : null}
      {incidents.data === undefined && incidents.error === undefined ? <Loading /> : null}
      {incidents.data?.incidents.length === 0 ? (
        <Notice>
          {state === 'open' ? 'No open incident.' : 'No incident yet.'} Declare one here, or from an alert on the{' '}
          <Link href="/alerts">Alerts</Link> page: its timeline, notes and links make the postmortem draft.
        </Notice>
      ) : null}
      {incidents.data !== undefined && incidents.data.incidents.length > 0 ? (
        <table className="grid incidents-table">
          <thead>
            <tr>
              <th className="shrink">id</th>
              <th>incident</th>
              <th className="shrink">state</th>
              <th className="shrink">declared</th>
              <th className="shrink num" title={OPEN_FOR_TITLE}>
                open since declared
              </th>
            </tr>
          </thead>
          <tbody>
            {incidents.data.incidents.map((incident) => (
              <IncidentRow key={incident.id} incident={incident} />
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
