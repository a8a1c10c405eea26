/**
 * The bucket a log volume chart counts in: the smallest of these sizes that keeps a window within
 * MAX_VOLUME_BUCKETS bars (30 s in an hour, 5 s in five minutes), each dividing the day, so a
 * window's buckets start at the same times whatever the window.
 */
import { DAY_MS, ERROR_BUCKET_SIZES_MS } from './error-buckets.js';

const SECOND_MS = 1_000;
const VOLUME_BUCKET_SIZES_MS: readonly number[] = [1, 2, 5, 10, 15, 30].map((seconds) => seconds * SECOND_MS).concat(ERROR_BUCKET_SIZES_MS);

export const MAX_VOLUME_BUCKETS = 120;

export function volumeBucketMs(windowMs: number): number {
  // Whole buckets, as errorBucketMs counts them: an hour read a few milliseconds late is still 120 of 30 s.
  const size = VOLUME_BUCKET_SIZES_MS.find((candidate) => Math.floor(windowMs / candidate) <= MAX_VOLUME_BUCKETS);
  return size ?? Math.ceil(windowMs / MAX_VOLUME_BUCKETS / DAY_MS) * DAY_MS;
}
