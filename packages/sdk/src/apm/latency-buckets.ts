/**
 * A fixed log-bucketed latency scale (HDR-lite): bucket i holds [LOWEST·γ^i, LOWEST·γ^(i+1)).
 * Reporting a bucket by 2·lo·hi/(lo+hi) is off by at most (γ-1)/(γ+1) relative to any value
 * in it, 1.96 % for γ = 1.04. 470 buckets span 10 µs to 1,000 s; values outside fold into
 * the first and last bucket, and quantiles are clamped to the exact min and max seen.
 */
export const GAMMA = 1.04;
export const LOWEST_MS = 0.01;
export const HIGHEST_MS = 1_000_000;
export const MAX_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);
export const BUCKET_COUNT = Math.ceil(Math.log(HIGHEST_MS / LOWEST_MS) / Math.log(GAMMA));

const INVERSE_LOG_GAMMA = 1 / Math.log(GAMMA);
const LAST = BUCKET_COUNT - 1;

/** The bucket of a duration: one log and a floor, no search. */
export function bucketOf(durationMs: number): number {
  if (!(durationMs > LOWEST_MS)) return 0; // also NaN
  const index = Math.floor(Math.log(durationMs / LOWEST_MS) * INVERSE_LOG_GAMMA);
  return Math.min(index, LAST);
}

/** The value a bucket stands for: the point of least relative error within it. */
const REPRESENTATIVE = Float64Array.from({ length: BUCKET_COUNT }, (_, index) => {
  const low = LOWEST_MS * GAMMA ** index;
  const high = low * GAMMA;
  return (2 * low * high) / (low + high);
});

export function representativeOf(bucket: number): number {
  return REPRESENTATIVE[bucket] as number;
}

/**
 * Nearest-rank quantiles (the smallest value with at least q·n values at or below it) of a
 * bucket array holding `total` values: one pass for all of `quantiles` (ascending).
 */
export function quantilesOf(
  counts: ArrayLike<number>,
  total: number,
  quantiles: readonly number[],
  minMs: number,
  maxMs: number,
): number[] {
  const result: number[] = [];
  if (total === 0) return quantiles.map(() => Number.NaN);
  let seen = 0;
  let bucket = 0;
  for (const q of quantiles) {
    const rank = Math.max(1, Math.ceil(q * total));
    // The smallest and the largest value are known exactly.
    if (rank === 1 || rank >= total) {
      result.push(rank >= total ? maxMs : minMs);
      continue;
    }
    while (bucket < BUCKET_COUNT && seen + (counts[bucket] as number) < rank) {
      seen += counts[bucket] as number;
      bucket++;
    }
    const value = representativeOf(Math.min(bucket, LAST));
    result.push(Math.min(Math.max(value, minMs), maxMs));
  }
  return result;
}
