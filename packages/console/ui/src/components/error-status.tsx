import { useState } from 'react';
import { api } from '../api/client.js';
import type { ErrorGroupStatus, ErrorStatusAnswer, ErrorStatusChange } from '../api/types.js';
import { formatAgo, formatDateTime } from '../format.js';
import { ErrorNotice } from './notice.js';
import { useSubmit } from './use-submit.js';

/** A group's state beside its name; none for an unresolved one (the normal case). */
export function ErrorStatusBadge({ status }: { status: ErrorGroupStatus }) {
  if (status === 'unresolved') return null;
  return <span className={`badge error-status error-status-${status}`}>{status}</span>;
}

/** What the status means, in a sentence: when it was set, and for a regression that it came back. */
export function errorStatusSentence(status: ErrorGroupStatus, changedMs: number | null, lastVersion: string | null = null): string {
  const when = changedMs === null ? '' : ` ${formatAgo(changedMs)}`;
  switch (status) {
    case 'regressed':
      return `Regressed: seen again${lastVersion === null ? '' : ` (in ${lastVersion})`} after it was resolved${when}.`;
    case 'resolved':
      return `Resolved${when}: it reads regressed if it happens again.`;
    case 'ignored':
      return `Ignored${when}: left out of the unresolved list whatever comes.`;
    case 'unresolved':
      return changedMs === null ? 'Unresolved.' : `Reopened${when}.`;
  }
}

/** The changes offered from each state: reopen what is closed, close what is open. */
const ACTIONS: Record<ErrorGroupStatus, { change: ErrorStatusChange; label: string }[]> = {
  unresolved: [
    { change: 'resolved', label: 'Resolve' },
    { change: 'ignored', label: 'Ignore' },
  ],
  regressed: [
    { change: 'resolved', label: 'Resolve again' },
    { change: 'ignored', label: 'Ignore' },
  ],
  resolved: [
    { change: 'unresolved', label: 'Reopen' },
    { change: 'ignored', label: 'Ignore' },
  ],
  ignored: [
    { change: 'unresolved', label: 'Stop ignoring' },
    { change: 'resolved', label: 'Resolve' },
  ],
};

/**
 * A group's status with the buttons that change it. The answer is shown at once (`changed`
 * wins over the group's own status until the group is read again with this change in it).
 */
export function ErrorStatusPanel({
  fingerprint,
  status,
  statusChangedMs,
  lastVersion,
}: {
  fingerprint: string;
  status: ErrorGroupStatus;
  statusChangedMs: number | null;
  /** The release of its latest occurrence: where a regression came back. */
  lastVersion: string | null;
}) {
  const [changed, setChanged] = useState<ErrorStatusAnswer | undefined>();
  const { busy, failure, run } = useSubmit();
  const current =
    changed !== undefined && changed.fingerprint === fingerprint && (statusChangedMs === null || changed.statusChangedMs > statusChangedMs)
      ? { status: changed.status as ErrorGroupStatus, changedMs: changed.statusChangedMs }
      : { status, changedMs: statusChangedMs };
  const change = (next: ErrorStatusChange) => run(() => api.setErrorStatus(fingerprint, next), setChanged);
  return (
    <div className={`error-status-panel error-status-panel-${current.status}`}>
      <ErrorStatusBadge status={current.status} />
      <span className="error-status-sentence" title={current.changedMs === null ? undefined : formatDateTime(current.changedMs)}>
        {errorStatusSentence(current.status, current.changedMs, lastVersion)}
      </span>
      {ACTIONS[current.status].map((action) => (
        <button
          key={action.change}
          type="button"
          className={`error-status-${action.change}`}
          disabled={busy}
          onClick={() => change(action.change)}
        >
          {action.label}
        </button>
      ))}
      {failure !== undefined ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
