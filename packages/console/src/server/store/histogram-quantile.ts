/**
 * PromQL's `histogram_quantile` on one step's bucket counts: the bucket the rank falls in, and
 * linear interpolation inside it. Pure: the store sums the buckets' increases per step in SQL
 * (worker/metric-quantiles.ts) and interpolates here.
 */

/**
 * The q-quantile of one step's cumulative bucket counts, `bounds` ascending (+Inf last when
 * present). The lowest bucket starts at 0 (or is its bound when that is <= 0); a rank in +Inf
 * reads as the highest finite bound; no observations gives null.
 */
export function bucketQuantile(q: number, bounds: readonly number[], cumulative: readonly number[]): number | null {
  if (bounds.length === 0) return null;
  // Cumulative counts should not go down with the bound; float noise and resets can make them.
  const counts: number[] = [];
  for (const count of cumulative) counts.push(Math.max(count, counts.at(-1) ?? 0));
  const total = counts.at(-1) as number;
  if (!(total > 0)) return null;
  const rank = q * total;
  const index = counts.findIndex((count) => count >= rank);
  const at = index === -1 ? counts.length - 1 : index;
  const upper = bounds[at] as number;
  if (upper === Number.POSITIVE_INFINITY) return at > 0 ? (bounds[at - 1] as number) : null;
  const lower = at === 0 ? Math.min(0, upper) : (bounds[at - 1] as number);
  const below = at === 0 ? 0 : (counts[at - 1] as number);
  const inBucket = (counts[at] as number) - below;
  return inBucket > 0 ? lower + ((upper - lower) * (rank - below)) / inBucket : upper;
}

/** One step's summed increase of one bucket. */
export interface BucketIncrease {
  /** The step's end, ms since the epoch. */
  readonly timeMs: number;
  /** The bucket's upper bound (`le`), Infinity for +Inf. */
  readonly le: number;
  readonly increase: number;
}

/** Quantile lines from bucket increases sorted by time, then bound: one value per step and quantile. */
export function quantileLines(
  increases: readonly BucketIncrease[],
  quantiles: readonly number[],
): { times: number[]; lines: (number | null)[][] } {
  const times: number[] = [];
  const lines = quantiles.map(() => [] as (number | null)[]);
  let at = 0;
  while (at < increases.length) {
    const timeMs = (increases[at] as BucketIncrease).timeMs;
    const bounds: number[] = [];
    const counts: number[] = [];
    for (; at < increases.length && (increases[at] as BucketIncrease).timeMs === timeMs; at++) {
      bounds.push((increases[at] as BucketIncrease).le);
      counts.push((increases[at] as BucketIncrease).increase);
    }
    times.push(timeMs);
    for (const [index, q] of quantiles.entries()) (lines[index] as (number | null)[]).push(bucketQuantile(q, bounds, counts));
  }
  return { times, lines };
}
