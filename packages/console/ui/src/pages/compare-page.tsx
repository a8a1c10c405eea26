import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { stillReceiving } from '../api/trace-hint.js';
import type { SpanOutline, TraceOutline, TraceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DurationBar, ServiceName } from '../components/badges.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { compareTraces, countSide, describeDelta, errorMark, type Side, type SpanGroup, totalSide } from '../components/trace-compare.js';
import { counted, formatAgo, formatDuration, nanosToMs } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';
import { CompareRoutes } from './compare-routes.js';

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

function Delta({ a, b, format }: { a: Side; b: Side; format: (value: number) => string }) {
  const { text, direction } = describeDelta(a, b, format);
  if (direction === 'same') return <span className="muted">{text}</span>;
  return <span className={direction === 'worse' ? 'delta worse' : 'delta better'}>{text}</span>;
}

/** A side's total: its bar (red when a span of it failed) and duration, or "–" when that trace has no such span. */
function TotalCell({ count, total, max, errors }: { count: number; total: number; max: number; errors: number }) {
  if (count === 0) {
    return (
      <td className="bar-column">
        <span className="muted" title="no such span in this trace">
          –
        </span>
      </td>
    );
  }
  return (
    <td className="bar-column">
      <div className="bar-cell">
        <DurationBar durationMs={total} maxMs={max} error={errors > 0} />
        <span className="bar-label">{formatDuration(total)}</span>
      </div>
    </td>
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
  // The candidates hold still while one is being picked: live updates would shift the newest-first
  // list under the pointer. "Newer traces" asks again.
  const [asked, setAsked] = useState(0);
  const candidates = useApi(
    b === '' && a !== '' ? `candidates:${service}:${route}:${asked}` : null,
    (signal) => api.traces({ service, route, since: '24h', limit: 30 }, signal),
    { live: false },
  );
  const groups = useMemo(
    () => (traceA.data !== undefined && traceB.data !== undefined ? compareTraces(traceA.data.spans, traceB.data.spans) : undefined),
    [traceA.data, traceB.data],
  );

  if (a === '') return <ChooseTraces />;
  // Without a service and route in the URL (ids typed in), "pick another B" offers traces of A's operation.
  const rootA = traceA.data === undefined ? undefined : rootOf(traceA.data);
  const operation = { service: service || (rootA?.service ?? ''), route: route || (rootA?.name ?? '') };
  return (
    <div className="page compare-page">
      {b === '' ? null : <ChangeTraces a={a} b={b} {...operation} />}
      <div className="compare-sides">
        <TraceCard label="A" trace={traceA.data} error={traceA.error} />
        {b === '' ? (
          <div className="panel compare-pick">
            <div className="compare-pick-title">
              <h3>
                Pick trace B{service === '' ? '' : ` of ${service}`}
                {route === '' ? '' : ` ${route}`}
              </h3>
              <button type="button" onClick={() => setAsked((count) => count + 1)} disabled={candidates.loading}>
                ↻ Newer traces
              </button>
            </div>
            {candidates.error !== undefined ? <ErrorNotice error={candidates.error} /> : null}
            {candidates.data === undefined ? <Loading /> : null}
            <ul className="candidates">
              {candidates.data?.traces
                .filter((trace) => trace.traceId !== a)
                .map((trace) => (
                  <li key={trace.traceId}>
                    <Candidate trace={trace} href={hrefOf('/compare', { a, b: trace.traceId, service, route })} />
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

/** A trace to pick as B: its duration and whether it failed, so a good one can be set against a failing one. */
function Candidate({ trace, href }: { trace: TraceSummary; href: string }) {
  return (
    <Link href={href} className="candidate">
      <span className="mono">{trace.traceId.slice(0, 12)}…</span> {trace.rootName} <strong>{formatDuration(trace.durationMs)}</strong>{' '}
      {trace.errorCount > 0 ? (
        <span className="badge status-error">{counted(trace.errorCount, 'error')}</span>
      ) : (
        <span className="badge status-ok">ok</span>
      )}{' '}
      <span className="muted">
        {counted(trace.spanCount, 'span')} · {formatAgo(nanosToMs(trace.startTimeUnixNano))}
      </span>
    </Link>
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
          {formatDuration(durationOf(trace))} · {counted(trace.spans.length, 'span')} ·{' '}
          {counted(trace.spans.filter((span) => span.status === 'error').length, 'error')}
        </div>
      </div>
    </div>
  );
}

/** The whole trace's duration, where the span rows' totals stand (right of their bars). */
function WholeTraceCell({ durationMs }: { durationMs: number }) {
  return (
    <td className="bar-column">
      <div className="bar-cell">
        <span className="bar-space" />
        <span className="bar-label">{formatDuration(durationMs)}</span>
      </div>
    </td>
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
          <WholeTraceCell durationMs={durationA} />
          <WholeTraceCell durationMs={durationB} />
          <td className="num">
            <Delta a={durationA} b={durationB} format={formatDuration} />
          </td>
          <td colSpan={2} />
        </tr>
        {groups.map((group) => (
          <CompareRow key={group.key} group={group} max={max} />
        ))}
      </tbody>
    </table>
  );
}

function CompareRow({ group, max }: { group: SpanGroup; max: number }) {
  const mark = errorMark(group);
  const classes = ['compare-row'];
  if (group.countA !== group.countB) classes.push('differs');
  if (mark !== undefined) classes.push('failed');
  return (
    <tr className={classes.join(' ')}>
      <td className="span-cell">
        <ServiceName name={group.service} /> {group.name}
        {mark !== undefined ? (
          <span className="badge status-error" title={mark.title}>
            {mark.text}
          </span>
        ) : null}
      </td>
      <td className="num">{group.countA}</td>
      <td className="num">{group.countB}</td>
      <td className="num">
        <Delta a={countSide(group.countA)} b={countSide(group.countB)} format={String} />
      </td>
      <TotalCell count={group.countA} total={group.totalA} max={max} errors={group.errorsA} />
      <TotalCell count={group.countB} total={group.totalB} max={max} errors={group.errorsB} />
      <td className="num">
        <Delta a={totalSide(group.countA, group.totalA)} b={totalSide(group.countB, group.totalB)} format={formatDuration} />
      </td>
      <td className="num">{group.countA === 0 ? '–' : formatDuration(group.totalA / group.countA)}</td>
      <td className="num">{group.countB === 0 ? '–' : formatDuration(group.totalB / group.countB)}</td>
    </tr>
  );
}

function ChooseTraces() {
  return (
    <div className="page">
      <Notice>
        Open a trace and choose “Compare…” to pick another trace of its operation (its root span’s name), give two trace ids, or put a
        route’s typical request beside a slow one.
      </Notice>
      <PickForm a="" b="" />
      <CompareRoutes />
    </div>
  );
}

/** Trace ids for A and B, typed or pasted; `service` and `route` carry over so "pick another B" still knows the operation. */
function PickForm({ a, b, service, route }: { a: string; b: string; service?: string; route?: string }) {
  const [draft, setDraft] = useState({ a, b });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf('/compare', { a: draft.a.trim(), b: draft.b.trim(), service, route }));
  };
  return (
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
  );
}

/** Once two traces are compared: other ids, A and B swapped, or another B of A's operation. */
function ChangeTraces({ a, b, service, route }: { a: string; b: string; service: string; route: string }) {
  return (
    <details className="compare-change">
      <summary>Change A or B</summary>
      <div className="compare-change-links">
        <Link className="button" href={hrefOf('/compare', { a: b, b: a, service, route })}>
          Swap A and B
        </Link>
        <Link className="button" href={hrefOf('/compare', { a, service, route })}>
          Pick another B{service === '' ? '' : ` of ${service}`}
          {route === '' ? '' : ` ${route}`}
        </Link>
      </div>
      <PickForm key={`${a}:${b}`} a={a} b={b} service={service || undefined} route={route || undefined} />
    </details>
  );
}
