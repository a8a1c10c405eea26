import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { takePrefetched } from '../api/prefetch.js';
import { outlineHintOf, stillReceiving, traceHintOf } from '../api/trace-hint.js';
import type { LogRecord, SpanDetail, TraceOutline } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { AddToIncident } from '../components/add-to-incident.js';
import { SeverityBadge } from '../components/badges.js';
import { LogLine } from '../components/log-line.js';
import { logOffsetText } from '../components/log-offset.js';
import { NoRoot } from '../components/no-root.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { SpanDetails } from '../components/span-details.js';
import { buildTraceModel, selfTimeMs, type TraceModel, visibleRows } from '../components/trace-model.js';
import type { SpanStat } from '../components/trace-stats.js';
import { TraceStatsTable } from '../components/trace-stats-table.js';
import { Waterfall } from '../components/waterfall.js';
import { counted, formatDateTime, formatDuration, nanosToMs, plural, valueText } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

/**
 * One trace: the waterfall, the selected span's details, and the trace's logs in time order. The
 * waterfall draws from the trace's outline (a fraction of the bytes: a 10,000-span trace opens
 * fast); the details (attributes, events, links, resources) and the logs follow it.
 */
export function TracePage({ traceId }: { traceId: string }) {
  // A trace still receiving spans follows live updates; an older one stays put (a 10,000-span
  // trace is not refetched on every ingest).
  const [recent, setRecent] = useState(true);
  const location = useLocation();
  // The link's own start/end stay in the URL as they came (selecting a span keeps them).
  const linkStart = location.query.get('start') ?? undefined;
  const linkEnd = location.query.get('end') ?? undefined;
  const hint = traceHintOf(location.query);
  const trace = useApi(
    `trace-outline:${traceId}`,
    (signal) => takePrefetched<TraceOutline>(`trace-outline:${traceId}`) ?? api.traceOutline(traceId, hint, signal),
    // A trace opened from a log line may not be stored yet (spans are exported in batches): a 404 is asked again.
    { live: recent, notFoundMayArrive: true },
  );
  // The details and the logs wait for the outline: the waterfall comes first.
  const outlined = trace.data !== undefined;
  const model = useMemo(() => (trace.data === undefined ? undefined : buildTraceModel(trace.data.spans)), [trace.data]);
  // The details query is bounded by where the outline's spans start: the store reads only that time.
  const detailHint = useMemo(
    () =>
      trace.data === undefined || model === undefined
        ? {}
        : outlineHintOf(trace.data.spans, stillReceiving(model.startMs + model.durationMs)),
    [trace.data, model],
  );
  const details = useApi(outlined ? `trace-detail:${traceId}` : null, (signal) => api.trace(traceId, detailHint, signal), {
    live: recent,
  });
  const detailBySpanId = useMemo(
    () => new Map<string, SpanDetail>(details.data?.spans.map((span) => [span.spanId, span]) ?? []),
    [details.data],
  );
  const logs = useApi(outlined ? `trace-logs:${traceId}` : null, (signal) => api.logs({ traceId, limit: 1000 }, signal), {
    live: recent,
  });
  const selectedSpanId = location.query.get('span') ?? undefined;
  // The waterfall, or the spans per service and name (`view=stats`, a deep link like any other).
  const showStats = location.query.get('view') === 'stats';
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [showCritical, setShowCritical] = useState(true);

  useEffect(() => {
    if (model !== undefined) setRecent(stillReceiving(model.startMs + model.durationMs));
  }, [model]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new trace starts expanded.
  useEffect(() => setCollapsed(new Set()), [traceId]);
  const rows = useMemo(() => (model === undefined ? [] : visibleRows(model, collapsed)), [model, collapsed]);
  const selected = model === undefined || selectedSpanId === undefined ? undefined : model.bySpanId.get(selectedSpanId);

  const select = useCallback(
    (index: number | undefined) => {
      const spanId = index === undefined ? undefined : model?.nodes[index]?.span.spanId;
      navigate(hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd, span: spanId }), { replace: true });
    },
    [model, traceId, linkStart, linkEnd],
  );
  // A span selected inside a collapsed subtree (a deep link, a log line, a search) is shown: its ancestors open.
  useEffect(() => {
    if (model === undefined || selected === undefined) return;
    setCollapsed((previous) => {
      const ancestors: number[] = [];
      for (let parent = model.nodes[selected]!.parent; parent !== -1; parent = model.nodes[parent]!.parent) {
        if (previous.has(parent)) ancestors.push(parent);
      }
      if (ancestors.length === 0) return previous;
      const next = new Set(previous);
      for (const ancestor of ancestors) next.delete(ancestor);
      return next;
    });
  }, [model, selected]);
  // Escape closes the details wherever the focus is, except in a text field: the find box takes
  // its own Escape (clear, then leave the box), and a field's Escape is the field's.
  useEffect(() => {
    // The statistics show no details to close (and Escape there must not leave them for the waterfall).
    if (selected === undefined || showStats) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTextField(event.target)) return;
      event.preventDefault();
      select(undefined);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [selected, select, showStats]);
  const [find, setFind] = useState('');
  const showView = (stats: boolean) =>
    navigate(hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd, span: selectedSpanId, view: stats ? 'stats' : undefined }));
  // A statistics row opens the waterfall at its group's first span, the find box holding its name (↓ steps through the rest).
  const pick = (stat: SpanStat) => {
    if (model === undefined) return;
    setFind(stat.name);
    select(
      visibleRows(model, new Set()).find((index) => {
        const { span } = model.nodes[index]!;
        return span.service === stat.service && span.name === stat.name;
      }),
    );
  };
  const matches = useMemo(() => (model === undefined ? [] : findSpans(model, detailBySpanId, find)), [model, detailBySpanId, find]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const current = selected === undefined ? -1 : matches.indexOf(selected);
    const next = current === -1 ? (direction === 1 ? 0 : matches.length - 1) : (current + direction + matches.length) % matches.length;
    select(matches[next]);
  };
  const toggle = useCallback((index: number) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }, []);

  if (trace.error !== undefined) return <ErrorNotice error={trace.error} />;
  if (model === undefined || trace.data === undefined) return <Loading />;
  // The trace's root: a span without a parent. Until it arrives the tree's top rows are spans
  // whose parent is missing, and the title says so (the page follows live updates meanwhile).
  const root = model.roots.map((index) => model.nodes[index]!).find((node) => node.span.parentSpanId === null);
  const errors = trace.data.spans.filter((span) => span.status === 'error').length;

  return (
    <div className="page trace-page">
      <div className="page-title">
        <h2>
          {root === undefined ? (
            <NoRoot endMs={model.startMs + model.durationMs} spanCount={trace.data.spans.length} />
          ) : (
            <>
              {root.span.service} <span className="muted">·</span> {root.span.name}
            </>
          )}
        </h2>
        <div className="title-actions">
          <fieldset className="segmented" aria-label="view">
            <button
              type="button"
              className={showStats ? 'button' : 'button active'}
              aria-pressed={!showStats}
              onClick={() => showView(false)}
            >
              Waterfall
            </button>
            <button
              type="button"
              className={showStats ? 'button active' : 'button'}
              aria-pressed={showStats}
              onClick={() => showView(true)}
            >
              Statistics
            </button>
          </fieldset>
          {showStats ? null : (
            <>
              <label className="check">
                <input type="checkbox" checked={showCritical} onChange={(event) => setShowCritical(event.target.checked)} /> critical path
              </label>
              <button type="button" onClick={() => setCollapsed(new Set())}>
                Expand all
              </button>
              <button
                type="button"
                onClick={() =>
                  setCollapsed(new Set(model.nodes.filter((node) => node.depth >= 1 && node.children.length > 0).map((node) => node.index)))
                }
              >
                Collapse all
              </button>
            </>
          )}
          <Link
            className="button"
            href={hrefOf('/compare', {
              a: traceId,
              service: root?.span.service,
              // The root's name is the operation (for an HTTP server span, method and route): the
              // candidates are traces of it, not every trace through the route.
              route: root?.span.name,
            })}
          >
            Compare…
          </Link>
          {/* The API's answer as a file (Jaeger's "Download JSON"): every span with its attributes, events and links. */}
          <a
            className="button download-json"
            href={hrefOf(`/api/traces/${traceId}`, { ...detailHint })}
            download={`trace-${traceId}.json`}
            title="every span of this trace with its attributes, events and links, as GET /api/traces/{traceId} answers"
          >
            JSON
          </a>
          <AddToIncident
            path={hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd })}
            text={root === undefined ? `trace ${traceId.slice(0, 8)}` : `trace ${root.span.service} · ${root.span.name}`}
          />
        </div>
      </div>
      <div className="trace-facts">
        <span className="mono">{traceId}</span>
        <span>{formatDateTime(model.startMs)}</span>
        <span>
          duration <strong>{formatDuration(model.durationMs)}</strong>
        </span>
        <span>
          <strong>{trace.data.spans.length.toLocaleString('en-US')}</strong> {plural(trace.data.spans.length, 'span')}
        </span>
        <span>{counted(model.services.length, 'service')}</span>
        {errors > 0 ? <span className="text-error">{counted(errors, 'error')}</span> : null}
      </div>
      {showStats ? (
        <TraceStatsTable model={model} onPick={pick} />
      ) : (
        <>
          <form
            className="find-bar"
            onSubmit={(event) => {
              event.preventDefault();
              step(1);
            }}
          >
            <input
              name="find"
              className="find-input"
              type="search"
              placeholder="Find spans by name, service or attribute value"
              value={find}
              onChange={(event) => setFind(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Escape') return;
                // First Escape clears the search, the next one leaves the box (the one after closes the details).
                event.preventDefault();
                if (find !== '') setFind('');
                else event.currentTarget.blur();
              }}
            />
            {find.trim() !== '' ? (
              <span className="muted find-count">
                {matches.length === 0
                  ? 'no match'
                  : `${selected !== undefined && matchSet.has(selected) ? matches.indexOf(selected) + 1 : '–'} of ${matches.length.toLocaleString()}`}
              </span>
            ) : null}
            {find.trim() !== '' && details.data === undefined ? (
              <span className="muted find-pending">
                {details.error === undefined ? 'names and services only: attributes loading…' : 'names and services only'}
              </span>
            ) : null}
            <button type="button" onClick={() => step(-1)} disabled={matches.length === 0} aria-label="previous match">
              ↑
            </button>
            <button type="submit" disabled={matches.length === 0} aria-label="next match">
              ↓
            </button>
          </form>
          <div className={selected === undefined ? 'trace-layout' : 'trace-layout with-details'}>
            <Waterfall
              model={model}
              rows={rows}
              matches={matchSet}
              collapsed={collapsed}
              selected={selected}
              showCritical={showCritical}
              onSelect={select}
              onToggle={toggle}
            />
            {selected !== undefined ? (
              <SpanDetails
                span={model.nodes[selected]!.span}
                detail={detailBySpanId.get(model.nodes[selected]!.span.spanId)}
                detailError={details.error}
                selfMs={selfTimeMs(model, selected)}
                traceDurationMs={model.durationMs}
                traceStartMs={model.startMs}
                onClose={() => select(undefined)}
              />
            ) : null}
          </div>
        </>
      )}
      <section className="trace-logs">
        <h3>Logs of this trace</h3>
        {logs.error !== undefined ? <ErrorNotice error={logs.error} /> : null}
        {logs.data === undefined ? (
          <Loading />
        ) : (
          <TraceLogs logs={logs.data.logs} model={model} onSpan={(spanId) => select(model.bySpanId.get(spanId))} />
        )}
      </section>
    </div>
  );
}

function TraceLogs({ logs, model, onSpan }: { logs: LogRecord[]; model: TraceModel; onSpan: (spanId: string) => void }) {
  const traceStartMs = model.startMs;
  // The API answers newest first (time, then the order they were stored): reversed, then sorted by
  // time (a stable sort), lines logged in the same millisecond keep the order they were written in.
  const ordered = useMemo(() => [...logs].reverse().sort((a, b) => nanosToMs(a.timeUnixNano) - nanosToMs(b.timeUnixNano)), [logs]);
  if (ordered.length === 0) return <p className="muted">No logs carry this trace id.</p>;
  return (
    <table className="grid logs-table">
      <thead>
        <tr>
          <th className="shrink">offset</th>
          <th className="shrink">severity</th>
          <th className="shrink">service</th>
          <th>message</th>
          <th className="shrink">span</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((log) => (
          <tr key={log.cursor} className="trace-log">
            <td className="mono nowrap">{logOffsetText(log.timeUnixNano, traceStartMs)}</td>
            <td>
              <SeverityBadge severityNumber={log.severityNumber} text={log.severityText} />
            </td>
            <td className="nowrap">{log.service}</td>
            <td className="log-body">
              <LogLine log={log} />
            </td>
            <td className="nowrap">
              {log.spanId !== null ? (
                <button type="button" className="link" onClick={() => onSpan(log.spanId!)} title={log.spanId}>
                  {spanLabel(model, log.spanId)}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Where Escape belongs to the element: typing into it, or choosing from it. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function spanLabel(model: TraceModel, spanId: string): string {
  const index = model.bySpanId.get(spanId);
  return index === undefined ? spanId : model.nodes[index]!.span.name;
}

/**
 * Spans (in display order) whose name, service or an attribute value contains `text`, ignoring
 * case (attribute values once the details have arrived).
 */
function findSpans(model: TraceModel, details: ReadonlyMap<string, SpanDetail>, text: string): number[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const found: number[] = [];
  for (const index of visibleRows(model, new Set())) {
    const { span } = model.nodes[index]!;
    if (
      span.name.toLowerCase().includes(needle) ||
      span.service.toLowerCase().includes(needle) ||
      Object.values(details.get(span.spanId)?.attributes ?? {}).some((value) => valueText(value).toLowerCase().includes(needle))
    ) {
      found.push(index);
    }
  }
  return found;
}
