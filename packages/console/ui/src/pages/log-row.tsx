import type { LogRecord } from '../api/types.js';
import { AttributeTable } from '../components/attribute-table.js';
import { SeverityBadge } from '../components/badges.js';
import { LogLine } from '../components/log-line.js';
import { formatDateTime, nanosToMs } from '../format.js';
import { hrefOf, Link } from '../router.js';

/** How far either side of a line its context reaches. */
const CONTEXT_MS = 5_000;

interface LogRowProps {
  readonly log: LogRecord;
  readonly expanded: boolean;
  readonly onToggle: () => void;
  /** This view narrowed to one service's lines (its other filters and range kept). */
  readonly serviceHref: (service: string) => string;
}

/** A line: time, severity, service, message and trace; a click opens its attributes under it. */
export function LogRow({ log, expanded, onToggle, serviceHref }: LogRowProps) {
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
      {expanded ? <LogAttributesRow log={log} /> : null}
    </>
  );
}

/** An opened line: its attributes, its resource and scope folded, and a link to its context. */
function LogAttributesRow({ log }: { log: LogRecord }) {
  return (
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
  );
}

/** The logs of the line's service within CONTEXT_MS of it, as a range (history: no tail). */
function contextHref(log: LogRecord): string {
  const atMs = nanosToMs(log.timeUnixNano);
  return hrefOf('/logs', { service: log.service, since: Math.floor(atMs - CONTEXT_MS), until: Math.ceil(atMs + CONTEXT_MS) });
}
