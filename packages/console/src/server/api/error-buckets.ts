/**
 * The sizes an error group's counts are bucketed in, for the API (which counts in them) and the
 * UI (which draws them): each divides the day, so a window's buckets start at the same times
 * whatever the window. No imports: the UI bundle takes this file as it is.
 */
const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const ERROR_BUCKET_SIZES_MS: readonly number[] = [1, 2, 5, 10, 15, 30]
  .map((minutes) => minutes * MINUTE_MS)
  .concat([1, 2, 3, 4, 6, 12, 24].map((hours) => hours * HOUR_MS));

/** At most this many bars per window: 60 in an hour is a bar a minute. */
export const MAX_ERROR_BUCKETS = 60;

/**
 * The smallest of `sizes` that keeps a window within `maxBuckets` whole buckets, else whole days.
 * Whole: `since=1h` read a few milliseconds before the handler reads the clock for its end is
 * still an hour of minutes, not 60.0001 of them (which would double the bucket).
 */
export function bucketWithin(windowMs: number, sizes: readonly number[], maxBuckets: number): number {
  const size = sizes.find((candidate) => Math.floor(windowMs / candidate) <= maxBuckets);
  return size ?? Math.ceil(windowMs / maxBuckets / DAY_MS) * DAY_MS;
}

/** The bucket a window's error counts are taken in: at most MAX_ERROR_BUCKETS of them. */
export function errorBucketMs(windowMs: number): number {
  return bucketWithin(windowMs, ERROR_BUCKET_SIZES_MS, MAX_ERROR_BUCKETS);
}

/**
 * The window a group's own page charts: from its first occurrence to now, at least the last hour,
 * so a group seen for the first time minutes ago is drawn a bar a minute rather than as one bar at
 * the end of a day.
 */
export const GROUP_MIN_WINDOW_MS = HOUR_MS;

/** The bucket a group's own page counts in: the window's (errorBucketMs) from its first occurrence to now. */
export function groupBucketMs(firstSeenMs: number, nowMs: number): number {
  return errorBucketMs(Math.max(GROUP_MIN_WINDOW_MS, nowMs - firstSeenMs));
}
