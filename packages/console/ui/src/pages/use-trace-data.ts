import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { takePrefetched } from '../api/prefetch.js';
import { outlineHintOf, stillReceiving, type TraceHint } from '../api/trace-hint.js';
import type { LogRecord, SpanDetail, TraceDetail, TraceOutline } from '../api/types.js';
import { type ApiState, useApi } from '../api/use-api.js';
import { buildTraceModel, type TraceModel } from '../components/trace-model.js';

export interface TraceData {
  readonly trace: ApiState<TraceOutline>;
  readonly model: TraceModel | undefined;
  /** Where the outline's spans start: the details query and the JSON download send it. */
  readonly detailHint: TraceHint;
  readonly details: ApiState<TraceDetail>;
  readonly detailBySpanId: ReadonlyMap<string, SpanDetail>;
  readonly logs: ApiState<{ logs: LogRecord[] }>;
}

/**
 * A trace's outline first (the waterfall draws from it: a fraction of the bytes, so a 10,000-span
 * trace opens fast), then its details and its logs.
 */
export function useTraceData(traceId: string, hint: TraceHint): TraceData {
  // A trace still receiving spans follows live updates; an older one stays put (a 10,000-span
  // trace is not refetched on every ingest).
  const [recent, setRecent] = useState(true);
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
  useEffect(() => {
    if (model !== undefined) setRecent(stillReceiving(model.startMs + model.durationMs));
  }, [model]);
  return { trace, model, detailHint, details, detailBySpanId, logs };
}
