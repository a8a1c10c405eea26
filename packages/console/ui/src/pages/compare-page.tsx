import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { stillReceiving } from '../api/trace-hint.js';
import type { SpanOutline, TraceOutline } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DurationBar, ServiceName } from '../components/badges.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { formatAgo, formatDuration, nanosToMs } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

interface SpanGroup {
  readonly key: string;
  readonly service: string;
  readonly name: string;
  readonly countA: number;
  readonly countB: number;
  readonly totalA: number;
  readonly totalB: number;
}

/** Spans grouped by service and name, with count and total duration on each side. */
export function compareTraces(a: readonly SpanOutline[], b: readonly SpanOutline[]): SpanGroup[] {
  const groups = new Map<string, { service: string; name: string; countA: number; countB: number; totalA: number; totalB: number }>();
  const add = (span: SpanOutline, side: 'A' | 'B') => {
    const key = `${span.service}\u0000${span.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { service: span.service, name: span.name, countA: 0, countB: 0, totalA: 0, totalB: 0 };
      groups.set(key, group);
    }
    group[`count${side}`] += 1;
    group[`total${side}`] += span.durationMs;
  };
  for (const span of a) add(span, 'A');
  for (const span of b) add(span, 'B');
  return [...groups.entries()]
    .map(([key, group]) => ({ key, ...group }))
    .sort((x, y) => Math.abs(y.totalB - y.totalA) - Math.abs(x.totalB - x.totalA) || x.key.localeCompare(y.key));
}

function rootOf(trace: TraceOutline): SpanOutline | undefined {
  return trace.spans.find((span) => span.parentSpanId === null) ?? trace.spans[0];
}

/** Where a trace's spans start and end, in ms. */
function extentOf(trace: TraceOutline): { startMs: number; endMs: number } {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = 0;
  for (const span of trace.spans) {
    const spanStart = nanosToMs(span.startTimeUnixNano);
    startMs = Math.min(startMs, spanStart);
    endMs = Math.max(endMs, spanStart + span.durationMs);
  }
  return trace.spans.length === 0 ? { startMs: 0, endMs: 0 } : { startMs, endMs };
}

function durationOf(trace: TraceOutline): number {
  const { startMs, endMs } = extentOf(trace);
  return endMs - startMs;
}

/**
 * Loads a trace's outline and, while the trace may still receive spans (another service's batch
 * exporter sends its part seconds later), follows live ingest; an older trace is loaded once.
 */
function useOutline(traceId: string) {
  const [recent, setRecent] = useState(true);
  const outline = useApi(traceId === '' ? null : `trace-outline:${traceId}`, (signal) => api.traceOutline(traceId, {}, signal), {
    live: recent,
  });
  // Until it has loaded (a new id starts over), a trace counts as recent.
  useEffect(() => {
    const data = outline.data;
    setRecent(data === undefined || data.spans.length === 0 || stillReceiving(extentOf(data).endMs));
  }, [outline.data]);
  return outline;
}

function Delta({ a, b, format }: { a: number; b: number; format: (value: number) => string }) {
  const delta = b - a;
  if (delta === 0) return <span className="muted">=</span>;
  const percent = a === 0 ? 0 : Math.round((Math.abs(delta) / a) * 100);
  const relative = a === 0 ? '' : ` (${delta > 0 ? '+' : '−'}${percent}%)`;
  return (
    <span className={delta > 0 ? 'delta worse' : 'delta better'}>
      {delta > 0 ? '+' : '−'}
      {format(Math.abs(delta))}
      {relative}
    </span>
  );
}

/** Two traces of one route side by side: what differs, per span name, in count and duration. */
export function ComparePage() {
  const { query } = useLocation();
  const a = query.get('a') ?? '';
  const b = query.get('b') ?? '';
  const route = query.get('route') ?? '';
  const service = query.get('service') ?? '';
  const traceA = useOutline(a);
  const traceB = useOutline(b);
  const candidates = useApi(b === '' && a !== '' ? `candidates:${service}:${route}` : null, (signal) =>
    api.traces({ service, route, since: '24h', limit: 30 }, signal),
  );
  const groups = useMemo(
    () => (traceA.data !== undefined && traceB.data !== undefined ? compareTraces(traceA.data.spans, traceB.data.spans) : undefined),
    [traceA.data, traceB.data],
  );

  if (a === '') return <ChooseTraces />;
  return (
    <div className="page compare-page">
      <div className="compare-sides">
        <TraceCard label="A" trace={traceA.data} error={traceA.error} />
        {b === '' ? (
          <div className="panel compare-pick">
            <h3>
              Pick trace B{service === '' ? '' : ` of ${service}`}
              {route === '' ? '' : ` ${route}`}
            </h3>
            {candidates.error !== undefined ? <ErrorNotice error={candidates.error} /> : null}
            {candidates.data === undefined ? <Loading /> : null}
            <ul className="candidates">
              {candidates.data?.traces
                .filter((trace) => trace.traceId !== a)
                .map((trace) => (
                  <li key={trace.traceId}>
                    <Link href={hrefOf('/compare', { a, b: trace.traceId, service, route })} className="candidate">
                      <span className="mono">{trace.traceId.slice(0, 12)}…</span> {trace.rootName}{' '}
                      <strong>{formatDuration(trace.durationMs)}</strong>{' '}
                      <span className="muted">
                        {trace.spanCount} spans · {formatAgo(nanosToMs(trace.startTimeUnixNano))}
                      </span>
                    </Link>
                  </li>
                ))}
            </ul>
          </div>
        ) : (
          <TraceCard label="B" trace={traceB.data} error={traceB.error} />
        )}
      </div>
      {groups !== undefined && traceA.data !== undefined && traceB.data !== undefined ? (
        <CompareTable groups={groups} durationA={durationOf(traceA.data)} durationB={durationOf(traceB.data)} />
      ) : null}
    </div>
  );
}

function TraceCard({ label, trace, error }: { label: string; trace: TraceOutline | undefined; error: Error | undefined }) {
  if (error !== undefined) return <ErrorNotice error={error} />;
  if (trace === undefined) return <Loading />;
  const root = rootOf(trace);
  return (
    <div className="panel trace-card">
      <div className="side-label">{label}</div>
      <div>
        <Link href={`/traces/${trace.traceId}`} className="mono">
          {trace.traceId}
        </Link>
        <div>
          {root !== undefined ? <ServiceName name={root.service} /> : null} <strong>{root?.name}</strong>
        </div>
        <div className="muted">
          {formatDuration(durationOf(trace))} · {trace.spans.length} spans · {trace.spans.filter((span) => span.status === 'error').length}{' '}
          errors
        </div>
      </div>
    </div>
  );
}

function CompareTable({ groups, durationA, durationB }: { groups: SpanGroup[]; durationA: number; durationB: number }) {
  const max = groups.reduce((value, group) => Math.max(value, group.totalA, group.totalB), 0);
  return (
    <table className="grid compare-table">
      <thead>
        <tr>
          <th>span</th>
          <th className="num">count A</th>
          <th className="num">count B</th>
          <th className="num">Δ count</th>
          <th className="bar-column">total A</th>
          <th className="bar-column">total B</th>
          <th className="num">Δ total</th>
          <th className="num">avg A</th>
          <th className="num">avg B</th>
        </tr>
      </thead>
      <tbody>
        <tr className="compare-total">
          <td>
            <strong>whole trace</strong>
          </td>
          <td colSpan={3} />
          <td>{formatDuration(durationA)}</td>
          <td>{formatDuration(durationB)}</td>
          <td className="num">
            <Delta a={durationA} b={durationB} format={formatDuration} />
          </td>
          <td colSpan={2} />
        </tr>
        {groups.map((group) => (
          <tr key={group.key} className={group.countA !== group.countB ? 'compare-row differs' : 'compare-row'}>
            <td className="span-cell">
              <ServiceName name={group.service} /> {group.name}
            </td>
            <td className="num">{group.countA}</td>
            <td className="num">{group.countB}</td>
            <td className="num">
              <Delta a={group.countA} b={group.countB} format={String} />
            </td>
            <td className="bar-column">
              <div className="bar-cell">
                <DurationBar durationMs={group.totalA} maxMs={max} />
                <span className="nowrap">{formatDuration(group.totalA)}</span>
              </div>
            </td>
            <td className="bar-column">
              <div className="bar-cell">
                <DurationBar durationMs={group.totalB} maxMs={max} />
                <span className="nowrap">{formatDuration(group.totalB)}</span>
              </div>
            </td>
            <td className="num">
              <Delta a={group.totalA} b={group.totalB} format={formatDuration} />
            </td>
            <td className="num">{group.countA === 0 ? '–' : formatDuration(group.totalA / group.countA)}</td>
            <td className="num">{group.countB === 0 ? '–' : formatDuration(group.totalB / group.countB)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChooseTraces() {
  const [draft, setDraft] = useState({ a: '', b: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf('/compare', { a: draft.a.trim(), b: draft.b.trim() }));
  };
  return (
    <div className="page">
      <Notice>
        Open a trace and choose “Compare…” to pick another trace of its operation (its root span’s name), or give two trace ids.
      </Notice>
      <form className="search-form" onSubmit={submit}>
        <label className="wide">
          Trace A
          <input name="a" placeholder="32 hex digits" value={draft.a} onChange={(event) => setDraft({ ...draft, a: event.target.value })} />
        </label>
        <label className="wide">
          Trace B
          <input name="b" placeholder="32 hex digits" value={draft.b} onChange={(event) => setDraft({ ...draft, b: event.target.value })} />
        </label>
        <button type="submit" className="primary">
          Compare
        </button>
      </form>
    </div>
  );
}
