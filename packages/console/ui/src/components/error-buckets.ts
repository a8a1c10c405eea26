/**
 * The buckets an error group's counts are drawn in: sized from the window (~30-60 bars: a minute
 * in 1 h, half an hour in 24 h, three hours in 7 d), never finer than the API's series: `/api/errors`
 * picks its bucket from the window the same way and says it (`series.bucketMs`); a group's own
 * page the same over its age (from its first occurrence, at least the last hour).
 */

import { ERROR_BUCKET_SIZES_MS, MAX_ERROR_BUCKETS } from '../../../src/server/api/error-buckets.js';

export { GROUP_MIN_WINDOW_MS } from '../../../src/server/api/error-buckets.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** An error group's counts as the API sends them: only the buckets with occurrences. */
export interface ErrorSeries {
  readonly timesMs: readonly number[];
  readonly counts: readonly number[];
}

/** The bucket of the API's series: the size it states, else an hour (what `/api/errors` has always counted in). */
export function seriesBucketMs(series: ErrorSeries): number {
  if ('bucketMs' in series && typeof series.bucketMs === 'number' && series.bucketMs > 0) return series.bucketMs;
  return HOUR_MS;
}

/** The smallest size that keeps a window within MAX_ERROR_BUCKETS and sums whole buckets of the source. */
export function bucketFor(windowMs: number, sourceBucketMs: number): number {
  const size = ERROR_BUCKET_SIZES_MS.find(
    (candidate) => candidate >= sourceBucketMs && candidate % sourceBucketMs === 0 && windowMs / candidate <= MAX_ERROR_BUCKETS,
  );
  return size ?? Math.max(sourceBucketMs, Math.ceil(windowMs / MAX_ERROR_BUCKETS / sourceBucketMs) * sourceBucketMs);
}

/** Counts per bucket from `fromMs` to `toMs`, every bucket present (zero without occurrences), aligned to the bucket size. */
export function fillBuckets(series: ErrorSeries, fromMs: number, toMs: number, bucketMs: number): { times: number[]; counts: number[] } {
  const first = Math.floor(fromMs / bucketMs) * bucketMs;
  const times: number[] = [];
  for (let time = first; time <= toMs; time += bucketMs) times.push(time);
  const counts = times.map(() => 0);
  series.timesMs.forEach((time, index) => {
    const position = Math.floor((time - first) / bucketMs);
    if (position >= 0 && position < counts.length) counts[position]! += series.counts[index] ?? 0;
  });
  return { times, counts };
}

/** "30 s", "minute", "30 min", "hour", "4 h", "day": what one bar counts. */
export function bucketLabel(bucketMs: number): string {
  if (bucketMs < MINUTE_MS) return `${Math.round(bucketMs / 1_000)} s`;
  if (bucketMs === MINUTE_MS) return 'minute';
  if (bucketMs === HOUR_MS) return 'hour';
  if (bucketMs === 24 * HOUR_MS) return 'day';
  if (bucketMs < HOUR_MS) return `${Math.round(bucketMs / MINUTE_MS)} min`;
  return `${Math.round(bucketMs / HOUR_MS)} h`;
}
