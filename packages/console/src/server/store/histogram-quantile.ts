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

/** One OTLP explicit-bucket histogram point of one series (its service and attributes). */
export interface HistogramPoint {
  readonly series: string;
  readonly timeMs: number;
  /** The cumulative point's start: a new one says the counts restarted from zero. */
  readonly startMs: number | null;
  /** OTLP AggregationTemporality: 1 delta (each point counts its own interval), 2 cumulative. */
  readonly temporality: number;
  /** `explicitBounds`: bucket i holds values up to bounds[i], the last bucket the rest (+Inf). */
  readonly bounds: readonly number[];
  /** `bucketCounts`, one per bucket (bounds.length + 1), not cumulative. */
  readonly counts: readonly number[];
}

/** The median gap between consecutive points of a series, at least 1 s; 0 when no series has two points. */
export function medianGapMs(points: readonly HistogramPoint[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as HistogramPoint;
    const point = points[i] as HistogramPoint;
    if (point.series === previous.series && point.timeMs > previous.timeMs) gaps.push(point.timeMs - previous.timeMs);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return Math.max(1_000, gaps[Math.floor((gaps.length - 1) / 2)] as number);
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, index) => bound === b[index]);
}

/**
 * OTLP histogram points (sorted by series, then time) as bucket increases summed per step and
 * bound, for `quantileLines`: what PromQL's `sum by (le) (increase(...[step]))` gives for the same
 * data scraped. A delta point is its own increase; a cumulative point's increase is its counts
 * less the series' previous point's, or its counts when the series restarted (a new start time,
 * other bounds, or a count that went down). A step ends at the next multiple of `stepMs`.
 */
export function histogramIncreases(points: readonly HistogramPoint[], stepMs: number): BucketIncrease[] {
  const sums = new Map<number, Map<number, number>>();
  let previous: HistogramPoint | undefined;
  for (const point of points) {
    const prior = previous?.series === point.series ? previous : undefined;
    previous = point;
    if (point.counts.length !== point.bounds.length + 1) continue;
    let increases = point.counts;
    if (point.temporality !== 1) {
      // The first point of a cumulative series has nothing to be an increase over.
      if (prior === undefined) continue;
      const restarted =
        prior.temporality !== point.temporality ||
        (point.startMs !== null && prior.startMs !== null && point.startMs !== prior.startMs) ||
        !sameBounds(prior.bounds, point.bounds) ||
        point.counts.some((count, index) => count < (prior.counts[index] as number));
      if (!restarted) increases = point.counts.map((count, index) => count - (prior.counts[index] as number));
    }
    const timeMs = Math.ceil(point.timeMs / stepMs) * stepMs;
    let byBound = sums.get(timeMs);
    if (byBound === undefined) {
      byBound = new Map();
      sums.set(timeMs, byBound);
    }
    // Cumulative along the bounds, as Prometheus's `le` buckets are.
    let below = 0;
    for (let index = 0; index < increases.length; index++) {
      below += increases[index] as number;
      const le = index < point.bounds.length ? (point.bounds[index] as number) : Number.POSITIVE_INFINITY;
      byBound.set(le, (byBound.get(le) ?? 0) + below);
    }
  }
  const out: BucketIncrease[] = [];
  for (const timeMs of [...sums.keys()].sort((a, b) => a - b)) {
    const byBound = sums.get(timeMs) as Map<number, number>;
    for (const le of [...byBound.keys()].sort((a, b) => a - b)) out.push({ timeMs, le, increase: byBound.get(le) as number });
  }
  return out;
}
