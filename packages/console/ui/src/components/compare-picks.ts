/**
 * "Typical against slow" for one route: what the Compare page offers before a trace is open. From
 * the route's latency over the last hour, a typical trace is one whose request took about the
 * median (within -20 % / +25 %), a slow one at least the p99: side by side, the spans that make
 * the tail. No imports: a unit test takes this file as it is.
 */

/** One side's filter for `/api/traces` (the route's server span's duration, ms). */
export interface DurationBand {
  readonly minDurationMs: number;
  readonly maxDurationMs?: number;
}

export interface ComparisonBands {
  readonly typical: DurationBand;
  readonly slow: DurationBand;
}

/** Fewer requests than this make a p99 that is one request's duration: not offered. */
export const MIN_REQUESTS = 20;

/** A millisecond figure short enough for a URL (µs resolution). */
function rounded(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The two bands for a route's p50 and p99, or undefined when there is nothing to compare: too few
 * requests, no latency, or a tail no slower than the typical band's top (every request alike).
 */
export function comparisonBands(route: {
  readonly requests: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}): ComparisonBands | undefined {
  const { requests, p50Ms, p99Ms } = route;
  if (requests < MIN_REQUESTS || p50Ms === null || p99Ms === null || !(p50Ms > 0)) return undefined;
  const typical = { minDurationMs: rounded(p50Ms * 0.8), maxDurationMs: rounded(p50Ms * 1.25) };
  if (p99Ms <= typical.maxDurationMs) return undefined;
  return { typical, slow: { minDurationMs: rounded(p99Ms) } };
}

/** Traces asked for per side: enough to find a typical one that did not fail. */
export const CANDIDATES = 10;

/** The typical side: the newest candidate with no failed span (a typical request succeeds), else the newest. */
export function typicalOf<T extends { readonly errorCount: number }>(candidates: readonly T[]): T | undefined {
  return candidates.find((trace) => trace.errorCount === 0) ?? candidates[0];
}
