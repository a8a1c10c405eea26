import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Link } from '../router.js';
import { rememberAuthor, rememberedAuthor } from './author.js';
import { AuthorField } from './author-field.js';
import { ErrorNotice } from './notice.js';
import { useSubmit } from './use-submit.js';

/** The picker: the open incidents, who adds the link, and the answer. */
function Picker({ path, text, onClose }: { path: string; text: string; onClose: () => void }) {
  const open = useApi('incidents:open:picker', (signal) => api.incidents({ state: 'open' }, signal), { live: false });
  const [chosen, setChosen] = useState<number | undefined>();
  const [author, setAuthor] = useState(rememberedAuthor);
  const { busy, failure, run } = useSubmit();
  const [added, setAdded] = useState<{ id: number; ref: string } | undefined>();
  if (open.error !== undefined) return <ErrorNotice error={open.error} />;
  const incidents = open.data?.incidents;
  if (incidents === undefined) return <span className="muted">loading…</span>;
  if (added !== undefined) {
    return (
      <span className="add-to-incident-done">
        Linked on the timeline of <Link href={`/incidents/${added.id}`}>{added.ref}</Link>.
      </span>
    );
  }
  if (incidents.length === 0) {
    return (
      <span className="muted">
        No open incident: <Link href="/incidents">declare one</Link>, then add this to it.
      </span>
    );
  }
  const target = chosen ?? incidents[0]?.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (target === undefined) return;
    rememberAuthor(author);
    run(
      () => api.changeIncident(target, { author, link: { url: path, text } }),
      (incident) => setAdded({ id: incident.id, ref: incident.ref }),
    );
  };
  return (
    <form className="add-to-incident-form inline-form" onSubmit={submit}>
      <select name="incident" value={target} onChange={(event) => setChosen(Number(event.target.value))}>
        {incidents.map((incident) => (
          <option key={incident.id} value={incident.id}>
            {incident.ref} · {incident.title}
          </option>
        ))}
      </select>
      <AuthorField name="author" value={author} onChange={setAuthor} />
      <button type="submit" className="add-to-incident-submit" disabled={busy}>
        Add
      </button>
      <button type="button" disabled={busy} onClick={onClose}>
        Cancel
      </button>
      {failure !== undefined ? <ErrorNotice error={failure} /> : null}
    </form>
  );
}

/** "Add to incident…": links this page (a trace, an error group) on an open incident's timeline, where the postmortem finds it. */
export function AddToIncident({ path, text }: { path: string; text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="add-to-incident">
      {open ? (
        <Picker path={path} text={text} onClose={() => setOpen(false)} />
      ) : (
        <button type="button" className="add-to-incident-open" onClick={() => setOpen(true)}>
          Add to incident…
        </button>
      )}
    </div>
  );
}
