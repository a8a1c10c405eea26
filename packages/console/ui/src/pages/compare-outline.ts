import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { stillReceiving } from '../api/trace-hint.js';
import type { SpanOutline, TraceOutline } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { nanosToMs } from '../format.js';

export function rootOf(trace: TraceOutline): SpanOutline | undefined {
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

export function durationOf(trace: TraceOutline): number {
  const { startMs, endMs } = extentOf(trace);
  return endMs - startMs;
}

/**
 * Loads a trace's outline and, while the trace may still receive spans (another service's batch
 * exporter sends its part seconds later), follows live ingest; an older trace is loaded once.
 */
export function useOutline(traceId: string) {
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
