/** How long after its last span ends a trace may still be receiving spans (batching exporters, clock skew). */
export const RECENT_MS = 60_000;

/** Whether a trace whose last span ended at `endMs` may still be receiving spans. */
export function stillReceiving(endMs: number, nowMs = Date.now()): boolean {
  return nowMs - endMs < RECENT_MS;
}
/** Slack around a search result's start and end (links carry them): spans that arrived after the search still fall inside. */
const HINT_SLACK_NS = 300_000_000_000n;
const UNIX_NANO = /^\d{1,20}$/;

export interface TraceHint {
  start?: string;
  end?: string;
}

/**
 * The time hint sent with a trace query, from the `start`/`end` a trace link carries (search
 * results add them): widened by HINT_SLACK_NS, and open-ended while the trace may still grow.
 */
export function traceHintOf(query: URLSearchParams, nowMs = Date.now()): TraceHint {
  const start = query.get('start');
  const end = query.get('end');
  if (start === null || !UNIX_NANO.test(start)) return {};
  const from = BigInt(start) - HINT_SLACK_NS;
  const hint: TraceHint = { start: (from > 0n ? from : 0n).toString() };
  if (end !== null && UNIX_NANO.test(end) && nowMs - Number(BigInt(end) / 1_000_000n) > RECENT_MS) {
    hint.end = (BigInt(end) + HINT_SLACK_NS).toString();
  }
  return hint;
}

/** Orders decimal strings of Unix nanoseconds (no leading zeros) without parsing them. */
function earlier(a: string, b: string): boolean {
  return a.length < b.length || (a.length === b.length && a < b);
}

/**
 * The hint for a trace's details from its outline: exactly where its spans start once it is
 * complete; while it may still receive spans, open-ended and widened by HINT_SLACK_NS before its
 * first start (a parent often arrives after its children, with an earlier start).
 */
export function outlineHintOf(spans: readonly { startTimeUnixNano: string }[], recent: boolean): TraceHint {
  if (spans.length === 0) return {};
  let first = spans[0]!.startTimeUnixNano;
  let last = first;
  for (const span of spans) {
    if (earlier(span.startTimeUnixNano, first)) first = span.startTimeUnixNano;
    if (earlier(last, span.startTimeUnixNano)) last = span.startTimeUnixNano;
  }
  if (!UNIX_NANO.test(first) || !UNIX_NANO.test(last)) return {};
  if (!recent) return { start: first, end: last };
  const from = BigInt(first) - HINT_SLACK_NS;
  return { start: (from > 0n ? from : 0n).toString() };
}
