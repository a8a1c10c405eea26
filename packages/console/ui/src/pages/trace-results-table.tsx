import type { TraceSummary } from '../api/types.js';
import { AgoCell } from '../components/ago-cell.js';
import { DurationBar, HttpStatusBadge, ServiceName } from '../components/badges.js';
import { NoRoot } from '../components/no-root.js';
import { counted, formatDuration, nanosToMs, serviceColor } from '../format.js';
import { hrefOf, Link } from '../router.js';

/** The traces found, each with its root, services, span and error counts, and its duration as a bar. */
export function TraceResultsTable({ traces }: { traces: readonly TraceSummary[] }) {
  const maxMs = traces.reduce((max, trace) => Math.max(max, trace.durationMs), 0);
  return (
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
        {traces.map((trace) => (
          <TraceResultRow key={trace.traceId} trace={trace} maxMs={maxMs} />
        ))}
      </tbody>
    </table>
  );
}

function TraceResultRow({ trace, maxMs }: { trace: TraceSummary; maxMs: number }) {
  return (
    <tr className="trace-result">
      <td>
        <TraceResultLink trace={trace} />
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
      <AgoCell ms={nanosToMs(trace.startTimeUnixNano)} />
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
}

/** The trace's root service, name and HTTP status (or that its root has not arrived), linking to the trace. */
function TraceResultLink({ trace }: { trace: TraceSummary }) {
  return (
    <Link href={hrefOf(`/traces/${trace.traceId}`, { start: trace.startTimeUnixNano, end: trace.endTimeUnixNano })} className="trace-link">
      {trace.rootName === null ? (
        <NoRoot endMs={nanosToMs(trace.endTimeUnixNano)} spanCount={trace.spanCount} />
      ) : (
        <>
          {trace.rootService !== null ? <ServiceName name={trace.rootService} /> : null} <strong>{trace.rootName}</strong>
          {trace.rootStatusCode !== null ? <HttpStatusBadge code={trace.rootStatusCode} /> : null}
        </>
      )}
    </Link>
  );
}
