import { useMemo } from 'react';
import type { LogRecord } from '../api/types.js';
import type { ApiState } from '../api/use-api.js';
import { SeverityBadge } from '../components/badges.js';
import { LogLine } from '../components/log-line.js';
import { logOffsetText } from '../components/log-offset.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import type { TraceModel } from '../components/trace-model.js';
import { nanosToMs } from '../format.js';

interface TraceLogsProps {
  readonly logs: ApiState<{ logs: LogRecord[] }>;
  readonly model: TraceModel;
  readonly onSpan: (spanId: string) => void;
}

/** The section under the waterfall: the logs that carry the trace's id. */
export function TraceLogs({ logs, model, onSpan }: TraceLogsProps) {
  return (
    <section className="trace-logs">
      <h3>Logs of this trace</h3>
      {logs.error !== undefined ? <ErrorNotice error={logs.error} /> : null}
      {logs.data === undefined ? <Loading /> : <TraceLogTable logs={logs.data.logs} model={model} onSpan={onSpan} />}
    </section>
  );
}

/** The trace's logs in time order, each at its offset from the trace's start, with a link to its span. */
function TraceLogTable({ logs, model, onSpan }: { logs: LogRecord[]; model: TraceModel; onSpan: (spanId: string) => void }) {
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

function spanLabel(model: TraceModel, spanId: string): string {
  const index = model.bySpanId.get(spanId);
  return index === undefined ? spanId : model.nodes[index]!.span.name;
}
