import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import { incidentsChanged } from '../api/incident-changes.js';
import type { IncidentSeverity } from '../api/types.js';
import { navigate } from '../router.js';
import { rememberAuthor, rememberedAuthor } from './author.js';
import { AuthorField } from './author-field.js';
import { ErrorNotice } from './notice.js';
import { useSubmit } from './use-submit.js';

/** Each with the `severity` label its alert carries to Alertmanager (src/server/alerts/incident-alerts.ts), which routes by it. */
const SEVERITIES: { value: IncidentSeverity; label: string }[] = [
  { value: 'sev1', label: 'SEV1 · critical' },
  { value: 'sev2', label: 'SEV2 · warning' },
  { value: 'sev3', label: 'SEV3 · info' },
];

/** An incident's severity, SEV1 (critical) to SEV3 (info). */
export function SeveritySelect({
  value,
  onChange,
  disabled = false,
}: {
  value: IncidentSeverity;
  onChange: (value: IncidentSeverity) => void;
  disabled?: boolean;
}) {
  return (
    <label>
      severity{' '}
      <select name="severity" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as IncidentSeverity)}>
        {SEVERITIES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Declares an incident (with `alerts` attached, e.g. the alert whose row opened it) and opens its
 * page; `onCancel` closes the form.
 */
export function DeclareIncidentForm({
  alerts = [],
  links = [],
  defaultTitle = '',
  onCancel,
}: {
  alerts?: { alertname: string; labels: Record<string, string> }[];
  /** Put on its timeline at once (e.g. the alert's runbook). */
  links?: { url: string; text: string }[];
  defaultTitle?: string;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(defaultTitle);
  const [severity, setSeverity] = useState<IncidentSeverity>('sev2');
  const [createdBy, setCreatedBy] = useState(rememberedAuthor);
  const { busy, failure, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rememberAuthor(createdBy);
    run(
      () => api.declareIncident({ title, severity, createdBy, alerts, links }),
      (incident) => {
        incidentsChanged();
        navigate(`/incidents/${incident.id}`);
      },
    );
  };
  return (
    <form className="declare-incident-form inline-form" onSubmit={submit}>
      {alerts.length === 0 ? null : (
        <div className="muted small">The alert's episodes join the incident's timeline; when it first fired counts as the detection.</div>
      )}
      <label className="grow">
        title <input name="title" required value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <SeveritySelect value={severity} onChange={setSeverity} />
      <AuthorField name="createdBy" value={createdBy} onChange={setCreatedBy} />
      <button type="submit" className="declare-submit" disabled={busy}>
        Declare incident
      </button>
      <button type="button" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
      {failure !== undefined ? <ErrorNotice error={failure} /> : null}
    </form>
  );
}
