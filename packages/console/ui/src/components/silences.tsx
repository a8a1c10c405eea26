import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { SilenceEntry } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { rememberAuthor, rememberedAuthor } from './author.js';
import { AuthorField } from './author-field.js';
import { ErrorNotice } from './notice.js';
import { endText, matcherText, untilText } from './silence-text.js';
import { useSubmit } from './use-submit.js';

/** Beside a muted alert: until when, and by whom and why on hover. */
export function SilencedBadge({ ids, silences }: { ids: readonly string[]; silences: readonly SilenceEntry[] }) {
  const muting = silences.filter((silence) => ids.includes(silence.id));
  const endsAtMs = Math.max(...muting.map((silence) => silence.endsAtMs));
  const why = muting.map((silence) => `${silence.createdBy}: ${silence.comment}`).join('\n');
  return (
    <span className="badge silenced-badge" title={why}>
      silenced until {muting.length === 0 ? '?' : endText(endsAtMs)}
    </span>
  );
}

const DURATIONS: { label: string; ms: number }[] = [
  { label: '30 min', ms: 30 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '2 hours', ms: 2 * 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '12 hours', ms: 12 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '3 days', ms: 3 * 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

/**
 * A silence for one alert: its labels as matchers (so it mutes that alert and nothing else), a
 * duration, who and why. Made in Alertmanager; `onDone` once it answers (or on cancel).
 */
export function SilenceForm({ labels, onDone }: { labels: Readonly<Record<string, string>>; onDone: (created: boolean) => void }) {
  const [durationMs, setDurationMs] = useState(2 * 3_600_000);
  const [createdBy, setCreatedBy] = useState(rememberedAuthor);
  const [comment, setComment] = useState('');
  const { busy, failure, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rememberAuthor(createdBy);
    run(
      () => api.createSilence({ labels: { ...labels }, durationMs, createdBy, comment }),
      () => onDone(true),
    );
  };
  const matchers = Object.entries(labels).map(([name, value]) => matcherText({ name, value, isRegex: false, isEqual: true }));
  return (
    <form className="silence-form inline-form" onSubmit={submit}>
      <div className="muted small">
        Mutes in Alertmanager the alerts with <span className="mono">{matchers.join(', ')}</span>: their notifications stop, the console
        still lists them.
      </div>
      <label>
        for{' '}
        <select name="duration" value={durationMs} onChange={(event) => setDurationMs(Number(event.target.value))}>
          {DURATIONS.map((duration) => (
            <option key={duration.ms} value={duration.ms}>
              {duration.label}
            </option>
          ))}
        </select>
      </label>
      <AuthorField name="createdBy" value={createdBy} onChange={setCreatedBy} />
      <label className="grow">
        because{' '}
        <input
          name="comment"
          required
          value={comment}
          placeholder="e.g. known, fix deploying"
          onChange={(event) => setComment(event.target.value)}
        />
      </label>
      <button type="submit" className="silence-submit" disabled={busy}>
        Silence
      </button>
      <button type="button" disabled={busy} onClick={() => onDone(false)}>
        Cancel
      </button>
      {failure !== undefined ? <ErrorNotice error={failure} /> : null}
    </form>
  );
}

/** Alertmanager's active and pending silences, each with what it mutes, until when, who and why, and a button that ends it. */
export function SilenceTable({ silences, onChange }: { silences: readonly SilenceEntry[]; onChange: () => void }) {
  const [expiring, setExpiring] = useState<string | undefined>();
  const { busy, failure, run } = useSubmit();
  const expire = (id: string) => {
    setExpiring(id);
    run(() => api.expireSilence(id), onChange);
  };
  if (silences.length === 0) return <p className="muted">No silence: every alert notifies as Alertmanager routes it.</p>;
  return (
    <>
      {failure !== undefined ? <ErrorNotice error={failure} /> : null}
      <table className="grid silences-table">
        <thead>
          <tr>
            <th>mutes</th>
            <th className="shrink">ends</th>
            <th className="shrink">by</th>
            <th>because</th>
            <th className="shrink" />
          </tr>
        </thead>
        <tbody>
          {silences.map((silence) => (
            <tr key={silence.id} className={`silence-row silence-${silence.state}`}>
              <td className="mono small">
                {silence.matchers.map((matcher) => (
                  <span key={matcherText(matcher)} className="label-pair">
                    {matcherText(matcher)}
                  </span>
                ))}
                {silence.state === 'pending' ? <span className="badge">starts {untilText(silence.startsAtMs)}</span> : null}
              </td>
              <td className="nowrap" title={formatDateTime(silence.endsAtMs)}>
                {untilText(silence.endsAtMs)}
              </td>
              <td className="nowrap">{silence.createdBy}</td>
              <td>{silence.comment}</td>
              <td>
                <button
                  type="button"
                  className="silence-expire"
                  disabled={busy && expiring === silence.id}
                  onClick={() => expire(silence.id)}
                >
                  Expire
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
