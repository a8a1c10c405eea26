import { type FormEvent, useState } from 'react';
import { durationText } from '../../../src/server/incidents/duration-text.js';
import { api } from '../api/client.js';
import { incidentsChanged } from '../api/incident-changes.js';
import type { IncidentChange, IncidentDetail, IncidentStatus } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { rememberAuthor, rememberedAuthor } from '../components/author.js';
import { AuthorField } from '../components/author-field.js';
import { SeveritySelect } from '../components/declare-incident.js';
import { IncidentBadges } from '../components/incident-badges.js';
import { IncidentTimeline } from '../components/incident-timeline.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { useSubmit } from '../components/use-submit.js';
import { formatDateTime, formatUtcOffset } from '../format.js';
import { Link } from '../router.js';

const STATUS_ACTIONS: { status: IncidentStatus; label: string }[] = [
  { status: 'investigating', label: 'Investigating' },
  { status: 'identified', label: 'Identified' },
  { status: 'monitoring', label: 'Monitoring' },
  { status: 'resolved', label: 'Resolve' },
];

/** Sends changes by the person named in the page's "by" field; `changed` once the API has them. */
function useChange(id: number, changed: () => void) {
  const [author, setAuthor] = useState(rememberedAuthor);
  const { busy, failure, setFailure, run } = useSubmit();
  const send = (change: Omit<IncidentChange, 'author'>, done?: () => void) => {
    if (author.trim() === '') {
      setFailure(new Error('Say who you are (the "by" field) first: every change is signed on the timeline.'));
      return;
    }
    rememberAuthor(author);
    run(
      () => api.changeIncident(id, { ...change, author }),
      () => {
        done?.();
        changed();
        incidentsChanged();
      },
    );
  };
  return { author, setAuthor, busy, failure, send };
}

/**
 * When it was declared, detected and resolved, and how long it has lasted: from the first alert when
 * one fired before the declaration (as the postmortem counts), which the list of incidents cannot
 * know, so both say where they count from.
 */
function Facts({ incident }: { incident: IncidentDetail }) {
  const from = incident.detectedMs !== null && incident.detectedMs < incident.createdMs ? 'from the first alert' : 'from the declaration';
  return (
    <p className="muted incident-facts">
      Declared {formatDateTime(incident.createdMs)} by {incident.createdBy}
      {incident.detectedMs === null ? '' : ` · detected ${formatDateTime(incident.detectedMs)} (first alert)`}
      {incident.resolvedMs === null
        ? ` · open for ${durationText(incident.durationMs)} ${from}`
        : ` · resolved ${formatDateTime(incident.resolvedMs)}, ${durationText(incident.durationMs)} in all ${from}`}
      {/* The page's times are this browser's clock; the postmortem draft, written to be shared, says UTC. */}
      {` · local time, UTC${formatUtcOffset(incident.createdMs)}`}
    </p>
  );
}

function NoteForm({ busy, send }: { busy: boolean; send: (change: Omit<IncidentChange, 'author'>, done?: () => void) => void }) {
  const [note, setNote] = useState('');
  const [url, setUrl] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change: Omit<IncidentChange, 'author'> = {};
    if (note.trim() !== '' && url.trim() === '') change.note = note;
    if (url.trim() !== '') change.link = { url: url.trim(), text: note.trim() };
    send(change, () => {
      setNote('');
      setUrl('');
    });
  };
  return (
    <form className="incident-note-form inline-form" onSubmit={submit}>
      <label className="grow">
        note{' '}
        <input name="note" value={note} placeholder="what you found, tried or decided" onChange={(event) => setNote(event.target.value)} />
      </label>
      <label className="grow">
        link{' '}
        <input
          name="link"
          value={url}
          placeholder="optional: a trace, error group or log search (/traces/…) or any URL"
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <button type="submit" className="note-submit" disabled={busy || (note.trim() === '' && url.trim() === '')}>
        Add
      </button>
    </form>
  );
}

function SummaryEditor({
  summary,
  busy,
  send,
}: {
  summary: string;
  busy: boolean;
  send: (change: { summary: string }, done?: () => void) => void;
}) {
  const [editing, setEditing] = useState<string | undefined>();
  if (editing === undefined) {
    return (
      <div className="incident-summary">
        {summary.trim() === '' ? (
          <p className="muted">No summary yet: what is known of the impact and the cause.</p>
        ) : (
          <p className="summary-text">{summary}</p>
        )}
        <button type="button" className="summary-edit" onClick={() => setEditing(summary)}>
          Edit summary
        </button>
      </div>
    );
  }
  return (
    <form
      className="incident-summary"
      onSubmit={(event) => {
        event.preventDefault();
        send({ summary: editing }, () => setEditing(undefined));
      }}
    >
      <textarea name="summary" rows={4} value={editing} onChange={(event) => setEditing(event.target.value)} />
      <div className="inline-form">
        <button type="submit" className="summary-save" disabled={busy}>
          Save summary
        </button>
        <button type="button" onClick={() => setEditing(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Postmortem({ id, updatedMs }: { id: number; updatedMs: number }) {
  const [open, setOpen] = useState(false);
  const draft = useApi(open ? `postmortem:${id}:${updatedMs}` : null, (signal) => api.postmortem(id, signal), { live: false });
  return (
    <div className="postmortem">
      <div className="inline-form">
        <button type="button" className="postmortem-toggle" onClick={() => setOpen(!open)}>
          {open ? 'Hide postmortem draft' : 'Postmortem draft'}
        </button>
        <a className="button" href={`/api/incidents/${id}/postmortem`} download={`INC-${id}-postmortem.md`}>
          Download .md
        </a>
        <span className="muted small">times in UTC, to be shared</span>
      </div>
      {draft.error !== undefined ? <ErrorNotice error={draft.error} /> : null}
      {open && draft.data !== undefined ? <pre className="postmortem-text">{draft.data}</pre> : null}
    </div>
  );
}

/** One incident: its state and the controls that change it, its timeline with a note form, its alerts and error groups, the postmortem draft. */
export function IncidentPage({ id }: { id: number }) {
  const [revision, setRevision] = useState(0);
  const detail = useApi(`incident:${id}`, (signal) => api.incident(id, signal), { revision });
  const change = useChange(id, () => setRevision((value) => value + 1));
  if (detail.error !== undefined && detail.data === undefined) return <ErrorNotice error={detail.error} />;
  const incident = detail.data;
  if (incident === undefined) return <Loading />;
  return (
    <div className="page incident-page">
      <div className="page-title">
        <h2>
          <span className="mono">{incident.ref}</span> {incident.title}
        </h2>
        <IncidentBadges severity={incident.severity} status={incident.status} />
      </div>
      <Facts incident={incident} />
      <div className="incident-controls inline-form">
        {STATUS_ACTIONS.filter((action) => action.status !== incident.status).map((action) => (
          <button
            key={action.status}
            type="button"
            className={`incident-status-${action.status}`}
            disabled={change.busy}
            onClick={() => change.send({ status: action.status })}
          >
            {incident.status === 'resolved' && action.status !== 'resolved' ? `Reopen: ${action.label.toLowerCase()}` : action.label}
          </button>
        ))}
        <SeveritySelect value={incident.severity} disabled={change.busy} onChange={(severity) => change.send({ severity })} />
        <AuthorField name="author" value={change.author} onChange={change.setAuthor} />
      </div>
      {change.failure !== undefined ? <ErrorNotice error={change.failure} /> : null}
      <h3>Summary</h3>
      <SummaryEditor summary={incident.summary} busy={change.busy} send={change.send} />
      <h3>Timeline</h3>
      <IncidentTimeline entries={incident.timeline} />
      <NoteForm busy={change.busy} send={change.send} />
      {incident.errorGroups.length === 0 ? null : (
        <>
          <h3>Impact</h3>
          <ul className="incident-impact">
            {incident.errorGroups.map((group) => (
              <li key={group.fingerprint}>
                <Link href={group.path}>{group.type}</Link> in {group.services.join(', ')}: {group.occurrences} occurrence
                {group.occurrences === 1 ? '' : 's'} during the incident <span className="muted">({group.message})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Postmortem</h3>
      <Postmortem id={id} updatedMs={incident.updatedMs} />
    </div>
  );
}
