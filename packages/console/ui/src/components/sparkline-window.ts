/**
 * A sparkline's window: a fresh console (or a new service) has data in the last minutes of a 1 h
 * window only, and drawn over the whole window the line is a sliver at the right edge. The line
 * starts at the first bucket with data instead, and says so.
 */

export interface SparklineWindow {
  /** Index of the first bucket drawn. */
  readonly start: number;
  /** Set when the line starts inside the window: the first drawn bucket's time (ms). */
  readonly sinceMs: number | undefined;
}

/** Fewer buckets than this are drawn over the whole window anyway: two points are not a line. */
const MIN_BUCKETS = 3;

/** Where the data of `series` starts: the first bucket where any of them has a non-zero value. */
export function sparklineWindow(timesMs: readonly number[], ...series: readonly (readonly (number | null)[])[]): SparklineWindow {
  const first = timesMs.findIndex((_, index) => series.some((values) => (values[index] ?? 0) !== 0));
  if (first <= 0) return { start: 0, sinceMs: undefined };
  // Keep at least MIN_BUCKETS drawn (one before the data when it is that new: the rise from zero).
  const start = Math.max(0, Math.min(first, timesMs.length - MIN_BUCKETS));
  return start === 0 ? { start: 0, sinceMs: undefined } : { start, sinceMs: timesMs[start] };
}
