import type { TraceSummary } from '../api/types.js';
import type { ApiState } from '../api/use-api.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { counted, formatAgo, formatDuration, nanosToMs } from '../format.js';
import { hrefOf, Link } from '../router.js';

interface CandidatesPanelProps {
  readonly a: string;
  readonly service: string;
  readonly route: string;
  readonly candidates: ApiState<{ traces: TraceSummary[] }>;
  /** Asks for the candidates again ("Newer traces"). */
  readonly onNewer: () => void;
}

/** In B's place until one is picked: traces of A's operation to set against it. */
export function CandidatesPanel({ a, service, route, candidates, onNewer }: CandidatesPanelProps) {
  return (
    <div className="panel compare-pick">
      <div className="compare-pick-title">
        <h3>
          Pick trace B{service === '' ? '' : ` of ${service}`}
          {route === '' ? '' : ` ${route}`}
        </h3>
        <button type="button" onClick={onNewer} disabled={candidates.loading}>
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
