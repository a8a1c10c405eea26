import type { TimelineEntry } from '../api/types.js';
import { formatDateTime, formatTime } from '../format.js';
import { Link } from '../router.js';

const KIND_LABEL: Record<TimelineEntry['kind'], string> = {
  declared: 'declared',
  status: 'status',
  severity: 'severity',
  title: 'title',
  summary: 'summary',
  alert: 'alert',
  note: 'note',
  link: 'link',
  'alert-fired': 'fired',
  'alert-ended': 'ended',
};

/** A link the timeline holds: a console page in the app, any other (http(s), checked by the API) in a new tab. */
function Target({ href, children }: { href: string; children: string }) {
  if (href.startsWith('/')) return <Link href={href}>{children}</Link>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function EntryText({ entry }: { entry: TimelineEntry }) {
  if (entry.kind === 'link' && entry.ref !== null) {
    return (
      <>
        linked <Target href={entry.ref}>{entry.text}</Target>
      </>
    );
  }
  if ((entry.kind === 'alert-fired' || entry.kind === 'alert-ended') && entry.ref !== null) {
    return <Target href={entry.ref}>{entry.text}</Target>;
  }
  return <span className="timeline-text">{entry.text}</span>;
}

/** The incident's own events and its alerts firing and ending, oldest first: what the postmortem's timeline is made of. */
export function IncidentTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <ol className="incident-timeline">
      {entries.map((entry) => (
        <li
          key={`${entry.atMs}:${entry.kind}:${entry.author}:${entry.text}:${entry.ref}`}
          className={`timeline-entry timeline-${entry.kind}`}
        >
          <span className="timeline-time mono" title={formatDateTime(entry.atMs)}>
            {formatTime(entry.atMs, 'second')}
          </span>
          <span className={`badge timeline-kind timeline-kind-${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
          {entry.author === null ? null : <span className="timeline-author">{entry.author}</span>}
          <EntryText entry={entry} />
        </li>
      ))}
    </ol>
  );
}
