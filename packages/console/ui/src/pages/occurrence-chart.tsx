import { useMemo } from 'react';
import { bucketFor, bucketLabel, type ErrorSeries, fillBuckets, GROUP_MIN_WINDOW_MS, seriesBucketMs } from '../components/error-buckets.js';
import { TimeChart } from '../components/time-chart.js';

/** Occurrences per bucket since the group's first occurrence (at least the last hour), as bars on time and count axes. */
export function OccurrenceChart({ series, firstSeenMs }: { series: ErrorSeries; firstSeenMs: number }) {
  // The API's window (groupBucketMs): its age, at least an hour, so the bucket sizes agree.
  const windowMs = Math.max(GROUP_MIN_WINDOW_MS, Date.now() - firstSeenMs);
  const bucketMs = bucketFor(windowMs, seriesBucketMs(series));
  const fromBucket = Math.floor((Date.now() - windowMs) / bucketMs) * bucketMs;
  const filled = useMemo(() => fillBuckets(series, fromBucket, Date.now(), bucketMs), [series, fromBucket, bucketMs]);
  const label = `occurrences per ${bucketLabel(bucketMs)}`;
  const bars = useMemo(() => [{ label, color: '#f85149', values: filled.counts }], [label, filled]);
  return (
    <div className="panel occurrence-chart" role="img" aria-label={label}>
      <TimeChart times={filled.times} series={bars} height={160} bars />
    </div>
  );
}
