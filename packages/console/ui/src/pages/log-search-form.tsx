import type { FormEvent, ReactNode } from 'react';
import { hrefOf, navigate } from '../router.js';
import type { LogFilters, LogRange } from './use-logs-location.js';

/** The minimum severities `/api/logs` takes, lowest first. */
const SEVERITIES: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

interface LogSearchFormProps {
  readonly draft: LogFilters;
  readonly onDraft: (draft: LogFilters) => void;
  readonly range: LogRange | undefined;
  /** The services of the lines shown, offered in the service field. */
  readonly services: readonly string[];
  /** The tail's button, after Apply. */
  readonly children: ReactNode;
}

/** The filters as typed; Apply puts them in the URL. */
export function LogSearchForm({ draft, onDraft, range, services, children }: LogSearchFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // New filters keep the range on screen, as a new query in Grafana keeps its time range.
    navigate(hrefOf('/logs', { ...draft, ...range }));
  };
  return (
    <form className="search-form" onSubmit={submit}>
      <label className="wide">
        Search
        <input
          name="q"
          placeholder="text in the message"
          value={draft.q}
          onChange={(event) => onDraft({ ...draft, q: event.target.value })}
        />
      </label>
      <SeverityField draft={draft} onDraft={onDraft} />
      <label>
        Service
        <input
          name="service"
          list="log-services"
          placeholder="any"
          value={draft.service}
          onChange={(event) => onDraft({ ...draft, service: event.target.value })}
        />
        <datalist id="log-services">
          {services.map((service) => (
            <option key={service} value={service} />
          ))}
        </datalist>
      </label>
      <button type="submit" className="primary">
        Apply
      </button>
      {children}
    </form>
  );
}

function SeverityField({ draft, onDraft }: { draft: LogFilters; onDraft: (draft: LogFilters) => void }) {
  return (
    <label>
      Severity
      <select name="severity" value={draft.severity} onChange={(event) => onDraft({ ...draft, severity: event.target.value })}>
        <option value="">any</option>
        {SEVERITIES.includes(draft.severity) || draft.severity === '' ? null : (
          // A link's severity the console does not know: shown as it is, not as "any" (the search says why it failed).
          <option value={draft.severity}>{draft.severity} (unknown)</option>
        )}
        {SEVERITIES.map((name) => (
          <option key={name} value={name}>
            ≥ {name}
          </option>
        ))}
      </select>
    </label>
  );
}
