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

/** A series' buckets and the window they were counted over (ms). */
export interface BucketedWindow {
  readonly timesMs: readonly number[];
  readonly bucketMs: number;
  readonly sinceMs: number;
  readonly untilMs: number;
}

/**
 * The buckets that lie wholly inside the window, as [start, end) indices. The window's last bucket
 * is the minute under way (its first 20 s of steady traffic read as a dip to a third) and its first
 * one began before the window (it holds only the part after `since`): a count over part of a minute
 * is no minute's count. Kibana's "drop partial buckets" and Grafana's "trim edges" leave such
 * buckets out rather than scale them by the elapsed part: a scaled count is a guess that swings
 * with each request in the first seconds, and a p95 cannot be scaled at all.
 */
export function wholeBuckets({ timesMs, bucketMs, sinceMs, untilMs }: BucketedWindow): { start: number; end: number } {
  let start = 0;
  let end = timesMs.length;
  while (start < end && timesMs[start]! < sinceMs) start++;
  while (end > start && timesMs[end - 1]! + bucketMs > untilMs) end--;
  return { start, end };
}
