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

/** One OTLP histogram point of one series (its service and attributes), in explicit buckets. */
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

/** Counts at or below each bound (and +Inf last), as Prometheus's `le` buckets are. */
function cumulative(point: HistogramPoint): number[] {
  const out: number[] = [];
  let below = 0;
  for (const count of point.counts) {
    below += count;
    out.push(below);
  }
  return out;
}

/**
 * A point's cumulative count at `le`: its count at the highest bound at or below `le` (exact
 * when the layouts share the bound: an exponential histogram that halves its scale keeps every
 * other bound, so its previous counts are read at the new bounds).
 */
function cumulativeAt(point: HistogramPoint, counts: readonly number[], le: number): number {
  if (le === Number.POSITIVE_INFINITY) return counts.at(-1) ?? 0;
  let at = -1;
  for (let index = 0; index < point.bounds.length && (point.bounds[index] as number) <= le; index++) at = index;
  return at === -1 ? 0 : (counts[at] as number);
}

/**
 * OTLP histogram points (sorted by series, then time) as bucket increases summed per step and
 * bound, for `quantileLines`: what PromQL's `sum by (le) (increase(...[step]))` gives for the same
 * data scraped. A delta point is its own increase; a cumulative point's increase is its counts
 * less the series' previous point's (read at this point's bounds, which may differ: an exponential
 * histogram rescales), or its counts when the series restarted (a new start time, or a count that
 * went down). A step ends at the next multiple of `stepMs`.
 */
export function histogramIncreases(points: readonly HistogramPoint[], stepMs: number): BucketIncrease[] {
  const sums = new Map<number, Map<number, number>>();
  let previous: { point: HistogramPoint; counts: number[] } | undefined;
  for (const point of points) {
    const prior = previous?.point.series === point.series ? previous : undefined;
    if (point.counts.length !== point.bounds.length + 1) {
      previous = undefined;
      continue;
    }
    const counts = cumulative(point);
    previous = { point, counts };
    let increases = counts;
    if (point.temporality !== 1) {
      // The first point of a cumulative series has nothing to be an increase over.
      if (prior === undefined) continue;
      const before = counts.map((_, index) =>
        cumulativeAt(prior.point, prior.counts, index < point.bounds.length ? (point.bounds[index] as number) : Number.POSITIVE_INFINITY),
      );
      const restarted =
        prior.point.temporality !== point.temporality ||
        (point.startMs !== null && prior.point.startMs !== null && point.startMs !== prior.point.startMs) ||
        counts.some((count, index) => count < (before[index] as number));
      if (!restarted) increases = counts.map((count, index) => count - (before[index] as number));
    }
    const timeMs = Math.ceil(point.timeMs / stepMs) * stepMs;
    let byBound = sums.get(timeMs);
    if (byBound === undefined) {
      byBound = new Map();
      sums.set(timeMs, byBound);
    }
    for (let index = 0; index < increases.length; index++) {
      const le = index < point.bounds.length ? (point.bounds[index] as number) : Number.POSITIVE_INFINITY;
      byBound.set(le, (byBound.get(le) ?? 0) + (increases[index] as number));
    }
  }
  const out: BucketIncrease[] = [];
  for (const timeMs of [...sums.keys()].sort((a, b) => a - b)) {
    const byBound = sums.get(timeMs) as Map<number, number>;
    for (const le of [...byBound.keys()].sort((a, b) => a - b)) out.push({ timeMs, le, increase: byBound.get(le) as number });
  }
  return out;
}

/** An OTLP exponential histogram's buckets (as stored in `Detail`). */
export interface ExponentialDetail {
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold?: number;
  readonly positive: { readonly offset: number; readonly bucketCounts: readonly number[] };
  readonly negative: { readonly offset: number; readonly bucketCounts: readonly number[] };
}

/**
 * An exponential histogram's buckets as explicit ones: bucket i of scale s holds values in
 * (base^i, base^(i+1)], base = 2^(2^-s); negative buckets mirror them below zero, the zero bucket
 * holds [-threshold, threshold]. The last bucket (+Inf) is empty: the positive buckets cover the
 * rest.
 */
export function exponentialAsExplicit(detail: ExponentialDetail): { bounds: number[]; counts: number[] } {
  // base^i as 2^(i / 2^s): an integer power of two comes out exact, so bounds that layouts of
  // two scales share compare equal.
  const power = (i: number) => 2 ** (i * 2 ** -detail.scale);
  const bounds: number[] = [];
  const counts: number[] = [];
  const negative = detail.negative.bucketCounts;
  // Most negative first: bucket i covers [-base^(i+1), -base^i), its upper bound -base^i.
  for (let k = negative.length - 1; k >= 0; k--) {
    bounds.push(-power(detail.negative.offset + k));
    counts.push(negative[k] as number);
  }
  const zero = detail.zeroThreshold ?? 0;
  bounds.push(zero);
  counts.push(detail.zeroCount);
  // An empty bucket up to where the first positive one starts: interpolation inside that one starts there, not at zero.
  const start = power(detail.positive.offset);
  if (detail.positive.bucketCounts.length > 0 && start > zero) {
    bounds.push(start);
    counts.push(0);
  }
  for (const [k, count] of detail.positive.bucketCounts.entries()) {
    bounds.push(power(detail.positive.offset + k + 1));
    counts.push(count);
  }
  counts.push(0);
  return { bounds, counts };
}
