import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { api, logFollowUrl } from '../api/client.js';
import { useLive } from '../api/live.js';
import type { LogRecord } from '../api/types.js';
import { AttributeTable } from '../components/attribute-table.js';
import { SeverityBadge } from '../components/badges.js';
import { LogLine } from '../components/log-line.js';
import { laterCursor, mergeNewestFirst } from '../components/log-order.js';
import { LogVolumeChart } from '../components/log-volume.js';
import { ErrorNotice } from '../components/notice.js';
import { type TailState, tailControl } from '../components/tail-control.js';
import { formatDateTime, nanosToMs } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

const SHOWN = 500;
/** The minimum severities `/api/logs` takes, lowest first. */
const SEVERITIES: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * Logs: the newest lines matching the filters, then a live tail (server-sent events from
 * `/api/logs?follow=true`) merging new ones in at their time until paused. Filters live in the URL.
 */
export function LogsPage() {
  const { query } = useLocation();
  const filters = { q: query.get('q') ?? '', severity: query.get('severity') ?? '', service: query.get('service') ?? '' };
  // A range dragged out on the volume chart (epoch ms): its newest lines, no tail (it is history).
  const since = query.get('since');
  const until = query.get('until');
  const range = since !== null && until !== null ? { since, until } : undefined;
  const key = `${filters.q}\u0000${filters.severity}\u0000${filters.service}\u0000${range?.since ?? ''}\u0000${range?.until ?? ''}`;
  // Paused by the page's button (kept in the URL, so a paused view is a link) or by the header's live switch.
  const tailPaused = query.get('paused') === '1';
  const live = useLive();
  const paused = tailPaused || live.paused || range !== undefined;
  const applyTail = (next: TailState) => {
    if (next.livePaused !== live.paused) live.setPaused(next.livePaused);
    if (next.tailPaused !== tailPaused)
      navigate(hrefOf('/logs', { ...filters, paused: next.tailPaused ? '1' : undefined }), { replace: true });
  };
  const [logs, setLogs] = useState<readonly LogRecord[]>([]);
  const [error, setError] = useState<Error | undefined>();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [draft, setDraft] = useState(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the URL (back, forward, links), encoded in `key`.
  useEffect(() => setDraft(filters), [key]);
  // The newest line seen under these filters: where a tail (re)starts, so resuming after a pause
  // asks only for lines stored since, not for everything since the page loaded.
  const newest = useRef<string | undefined>(undefined);
  // The filters whose first page has arrived: the tail opens for them once, never with an older cursor.
  const [loadedKey, setLoadedKey] = useState<string | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are encoded in `key`.
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    setLoadedKey(undefined);
    newest.current = undefined;
    api.logs({ ...filters, ...range, limit: 200 }, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setLogs(mergeNewestFirst([], answer.logs, SHOWN));
        // None matched: the tail starts at 0, where only lines stored from now on can match.
        newest.current = answer.logs.reduce<string>((max, log) => laterCursor(max, log.cursor), '0');
        setLoadedKey(key);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure as Error);
      },
    );
    return () => controller.abort();
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the tail restarts when the filters' first page is in or pause changes, not on every line.
  useEffect(() => {
    if (paused || loadedKey !== key) return;
    // When the browser reconnects this source by itself (the console restarted, the network came
    // back) it sends the last line's cursor as Last-Event-ID, which the console goes on after,
    // whatever the URL's `after` says: the lines stored meanwhile arrive, none twice.
    const source = new EventSource(logFollowUrl({ ...filters, after: newest.current }));
    source.addEventListener('log', (event) => {
      const log = JSON.parse((event as MessageEvent<string>).data) as LogRecord;
      newest.current = laterCursor(newest.current, log.cursor);
      // The tail sends lines in the order they were stored, not in time order: each goes to its place.
      setLogs((previous) => mergeNewestFirst(previous, [log], SHOWN));
    });
    return () => source.close();
  }, [key, paused, loadedKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // New filters keep the range on screen, as a new query in Grafana keeps its time range.
    navigate(hrefOf('/logs', { ...draft, ...range }));
  };
  const zoom = (fromMs: number, toMs: number) =>
    navigate(hrefOf('/logs', { ...filters, since: Math.floor(fromMs), until: Math.ceil(toMs) }));
  const toggle = (cursorOfLog: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(cursorOfLog)) next.delete(cursorOfLog);
      else next.add(cursorOfLog);
      return next;
    });
  const control = tailControl({ tailPaused, livePaused: live.paused, searchFailed: error !== undefined });
  const services = useMemo(() => [...new Set(logs.map((log) => log.service))].sort(), [logs]);

  return (
    <div className="page">
      <form className="search-form" onSubmit={submit}>
        <label className="wide">
          Search
          <input
            name="q"
            placeholder="text in the message"
            value={draft.q}
            onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          />
        </label>
        <label>
          Severity
          <select name="severity" value={draft.severity} onChange={(event) => setDraft({ ...draft, severity: event.target.value })}>
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
        <label>
          Service
          <input
            name="service"
            list="log-services"
            placeholder="any"
            value={draft.service}
            onChange={(event) => setDraft({ ...draft, service: event.target.value })}
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
        {range === undefined ? (
          <>
            <button
              type="button"
              className={paused && !control.disabled ? 'tail paused' : 'tail'}
              title={control.title}
              disabled={control.disabled}
              onClick={() => applyTail(control.next)}
            >
              {control.label}
            </button>
            {control.note !== undefined ? <span className="tail-note muted small">{control.note}</span> : null}
          </>
        ) : (
          <Link className="button back-to-tail" href={hrefOf('/logs', filters)}>
            ▶ Back to the live tail
          </Link>
        )}
      </form>
      <LogVolumeChart filters={filters} range={range} onZoom={zoom} />
      {range !== undefined ? (
        <p className="range-note muted small">
          The newest 200 lines from {formatDateTime(Number(range.since))} to {formatDateTime(Number(range.until))}: drag across the chart to
          narrow it.
        </p>
      ) : null}
      {error !== undefined ? <ErrorNotice error={error} /> : null}
      <table className="grid logs-table">
        <thead>
          <tr>
            <th className="shrink">time</th>
            <th className="shrink">severity</th>
            <th className="shrink">service</th>
            <th>message</th>
            <th className="shrink">trace</th>
          </tr>
        </thead>
        <tbody>
          {logs.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted empty-logs">
                {error !== undefined
                  ? 'No lines shown: the search failed (above).'
                  : `No log lines match${paused ? '' : ' yet; new ones appear here as they arrive'}.`}
              </td>
            </tr>
          ) : null}
          {logs.map((log) => (
            <LogRow
              key={log.cursor}
              log={log}
              expanded={expanded.has(log.cursor)}
              onToggle={() => toggle(log.cursor)}
              serviceHref={(service) => hrefOf('/logs', { ...filters, ...range, service })}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How far either side of a line its context reaches. */
const CONTEXT_MS = 5_000;

/** The logs of the line's service within CONTEXT_MS of it, as a range (history: no tail). */
function contextHref(log: LogRecord): string {
  const atMs = nanosToMs(log.timeUnixNano);
  return hrefOf('/logs', { service: log.service, since: Math.floor(atMs - CONTEXT_MS), until: Math.ceil(atMs + CONTEXT_MS) });
}

function LogRow({
  log,
  expanded,
  onToggle,
  serviceHref,
}: {
  log: LogRecord;
  expanded: boolean;
  onToggle: () => void;
  /** This view narrowed to one service's lines (its other filters and range kept). */
  serviceHref: (service: string) => string;
}) {
  return (
    <>
      <tr className={expanded ? 'log-row expanded' : 'log-row'} onClick={onToggle}>
        <td className="mono nowrap">{formatDateTime(nanosToMs(log.timeUnixNano))}</td>
        <td>
          <SeverityBadge severityNumber={log.severityNumber} text={log.severityText} />
        </td>
        <td className="nowrap">
          <Link
            href={serviceHref(log.service)}
            className="log-service"
            title={`only the lines of ${log.service}`}
            onClick={(event) => event.stopPropagation()}
          >
            {log.service}
          </Link>
        </td>
        <td className="log-body">
          <LogLine log={log} />
        </td>
        <td className="nowrap">
          {log.traceId !== null ? (
            <Link
              href={hrefOf(`/traces/${log.traceId}`, { span: log.spanId })}
              className="mono log-trace"
              onClick={(event) => event.stopPropagation()}
            >
              {log.traceId.slice(0, 8)}…
            </Link>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr className="log-attributes">
          <td />
          <td colSpan={4}>
            <AttributeTable attributes={log.attributes} empty="no attributes" />
            {/* Where it came from (host, pod, version) and what made it: folded, as Grafana shows a line's labels. */}
            <details className="log-resource">
              <summary>
                Resource ({Object.keys(log.resource).length})
                {log.scopeName !== null ? <span className="muted"> · scope {log.scopeName}</span> : null}
                {log.eventName !== null ? <span className="muted"> · event {log.eventName}</span> : null}
              </summary>
              <AttributeTable attributes={log.resource} empty="no resource attributes" />
            </details>
            {/* Grafana's "show context": what the same service logged around this line, without the filters. */}
            <Link className="log-context" href={contextHref(log)}>
              Lines of {log.service} {CONTEXT_MS / 1000} s either side
            </Link>
          </td>
        </tr>
      ) : null}
    </>
  );
}
