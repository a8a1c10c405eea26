import type { TraceOutline } from '../api/types.js';
import { ServiceName } from '../components/badges.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { counted, formatDuration } from '../format.js';
import { Link } from '../router.js';
import { durationOf, rootOf } from './compare-outline.js';

/** One side of the comparison: its id, root span, duration, spans and errors. */
export function TraceCard({ label, trace, error }: { label: string; trace: TraceOutline | undefined; error: Error | undefined }) {
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
