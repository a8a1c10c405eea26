/** How long after its last span ends a trace may still be receiving spans (batching exporters, clock skew). */
export const RECENT_MS = 60_000;
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
