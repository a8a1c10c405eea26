import type { SpanOutline } from '../api/types.js';
import type { TraceModel } from '../components/trace-model.js';
import { counted, formatDateTime, formatDuration, plural } from '../format.js';

/** The line under the title: id, start, duration, and how many spans, services and errors. */
export function TraceFacts({ traceId, model, spans }: { traceId: string; model: TraceModel; spans: readonly SpanOutline[] }) {
  const errors = spans.filter((span) => span.status === 'error').length;
  return (
    <div className="trace-facts">
      <span className="mono">{traceId}</span>
      <span>{formatDateTime(model.startMs)}</span>
      <span>
        duration <strong>{formatDuration(model.durationMs)}</strong>
      </span>
      <span>
        <strong>{spans.length.toLocaleString('en-US')}</strong> {plural(spans.length, 'span')}
      </span>
      <span>{counted(model.services.length, 'service')}</span>
      {errors > 0 ? <span className="text-error">{counted(errors, 'error')}</span> : null}
    </div>
  );
}
