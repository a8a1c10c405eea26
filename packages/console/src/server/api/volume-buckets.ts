/**
 * The bucket a log volume chart counts in: the smallest of these sizes that keeps a window within
 * MAX_VOLUME_BUCKETS bars (30 s in an hour, 5 s in five minutes), each dividing the day, so a
 * window's buckets start at the same times whatever the window.
 */
import { bucketWithin, ERROR_BUCKET_SIZES_MS } from './error-buckets.js';

const SECOND_MS = 1_000;
const VOLUME_BUCKET_SIZES_MS: readonly number[] = [1, 2, 5, 10, 15, 30].map((seconds) => seconds * SECOND_MS).concat(ERROR_BUCKET_SIZES_MS);

export const MAX_VOLUME_BUCKETS = 120;

export function volumeBucketMs(windowMs: number): number {
  return bucketWithin(windowMs, VOLUME_BUCKET_SIZES_MS, MAX_VOLUME_BUCKETS);
}
