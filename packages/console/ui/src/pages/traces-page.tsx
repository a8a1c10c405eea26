import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { AgoCell } from '../components/ago-cell.js';
import { DurationBar, HttpStatusBadge, ServiceName } from '../components/badges.js';
import { NoRoot } from '../components/no-root.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { counted, formatDuration, nanosToMs, serviceColor } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

const FIELDS = ['service', 'route', 'kind', 'status', 'minDurationMs', 'since', 'attrs'] as const;
type Field = (typeof FIELDS)[number];

/**
 * `key=value` pairs, one per line or comma-separated, into `attr.key=value` parameters; the parts
 * that are not `key=value` come back apart, so the page says so instead of searching without them.
 */
export function attributeParams(text: string): { params: Record<string, string>; malformed: string[] } {
  const params: Record<string, string> = {};
  const malformed: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const at = part.indexOf('=');
    if (at > 0) params[`attr.${part.slice(0, at).trim()}`] = part.slice(at + 1).trim();
    else malformed.push(part);
  }
  return { params, malformed };
}

/** Trace search: the form's fields live in the URL; results with duration bars. */
export function TracesPage() {
  const { query } = useLocation();
  const values = Object.fromEntries(FIELDS.map((field) => [field, query.get(field) ?? ''])) as Record<Field, string>;
  const since = values.since === '' ? '1h' : values.since;
  const [draft, setDraft] = useState(values);
  const key = query.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the URL (back, forward, links), encoded in `key`.
  useEffect(() => setDraft(values), [key]);
  const attributes = attributeParams(values.attrs);
  // A search without the attributes the user typed would answer a question nobody asked.
  const malformed = attributes.malformed.length > 0;
  const result = useApi(malformed ? null : `traces:${key}`, (signal) =>
    api.traces(
      {
        service: values.service,
        route: values.route,
        kind: values.kind,
        status: values.status,
        minDurationMs: values.minDurationMs,
        since,
        limit: 100,
        ...attributes.params,
      },
      signal,
    ),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf('/traces', draft));
  };
  const field = (name: Field) => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const traces = result.data?.traces ?? [];
  const maxMs = traces.reduce((max, trace) => Math.max(max, trace.durationMs), 0);

  return (
    <div className="page">
      <form className="search-form" onSubmit={submit}>
        <label>
          Service
          <input name="service" placeholder="any" {...field('service')} />
        </label>
        <label>
          Route
          <input name="route" placeholder="/orders/:id" {...field('route')} />
        </label>
        <label>
          Span kind
          <select name="kind" {...field('kind')}>
            <option value="">any</option>
            <option value="server">server</option>
            <option value="client">client</option>
            <option value="internal">internal</option>
            <option value="producer">producer</option>
            <option value="consumer">consumer</option>
          </select>
        </label>
        <label>
          Status
          <select name="status" {...field('status')}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </select>
        </label>
        <label>
          Min duration (ms)
          <input name="minDurationMs" type="number" min="0" placeholder="0" {...field('minDurationMs')} />
        </label>
        <label className="wide">
          Attributes
          <input name="attrs" placeholder="http.response.status_code=500, user.id=u1" {...field('attrs')} />
        </label>
        <label>
          Since
          <select name="since" {...field('since')}>
            <option value="">1h</option>
            <option value="15m">15m</option>
            <option value="6h">6h</option>
            <option value="24h">24h</option>
            <option value="7d">7d</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {malformed ? (
        <div className="notice error attrs-notice">
          Attributes: expected <code>key=value</code>, got {attributes.malformed.map((part) => JSON.stringify(part)).join(', ')}. Nothing
          was searched.
        </div>
      ) : null}
      {result.error !== undefined ? <ErrorNotice error={result.error} /> : null}
      {!malformed && result.data === undefined && result.error === undefined ? <Loading /> : null}
      {result.data !== undefined ? (
        <table className="grid traces-table">
          <thead>
            <tr>
              <th>trace</th>
              <th>started</th>
              <th>spans</th>
              <th className="bar-column">duration</th>
            </tr>
          </thead>
          <tbody>
            {traces.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No traces match.
                </td>
              </tr>
            ) : null}
            {traces.map((trace) => {
              const startMs = nanosToMs(trace.startTimeUnixNano);
              return (
                <tr key={trace.traceId} className="trace-result">
                  <td>
                    <Link
                      href={hrefOf(`/traces/${trace.traceId}`, { start: trace.startTimeUnixNano, end: trace.endTimeUnixNano })}
                      className="trace-link"
                    >
                      {trace.rootName === null ? (
                        <NoRoot endMs={nanosToMs(trace.endTimeUnixNano)} spanCount={trace.spanCount} />
                      ) : (
                        <>
                          {trace.rootService !== null ? <ServiceName name={trace.rootService} /> : null} <strong>{trace.rootName}</strong>
                          {trace.rootStatusCode !== null ? <HttpStatusBadge code={trace.rootStatusCode} /> : null}
                        </>
                      )}
                    </Link>
                    <div className="trace-ids small">
                      <span className="mono muted">{trace.traceId}</span>
                      {/* Each service's spans, as Jaeger's results show them: where a trace went at a glance. */}
                      {trace.services.map(({ service, spans }) => (
                        <span key={service} className="service-spans" title={`${counted(spans, 'span')} of ${service}`}>
                          <span className="swatch" style={{ background: serviceColor(service) }} />
                          {service} <span className="muted">{spans}</span>
                        </span>
                      ))}
                    </div>
                  </td>
                  <AgoCell ms={startMs} />
                  <td className="nowrap">
                    {trace.spanCount}
                    {trace.errorCount > 0 ? <span className="badge status-error">{trace.errorCount} err</span> : null}
                  </td>
                  <td className="bar-column">
                    <div className="bar-cell">
                      <DurationBar durationMs={trace.durationMs} maxMs={maxMs} error={trace.errorCount > 0} />
                      <span className="nowrap">{formatDuration(trace.durationMs)}</span>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
