import type { MetricPoint } from '../api/types.js';
import { nanosToMs } from '../format.js';

/**
 * Quantiles of a scraped Prometheus histogram over time, as PromQL's
 * `histogram_quantile(q, sum by (le) (increase(<name>_bucket[step])))` computes them: each
 * `_bucket` series (one per label set and `le`) is a cumulative counter; its increase between
 * two scrapes (a counter reset counts from zero) is summed per `le` over every label set in a
 * time step, and the quantile is interpolated linearly inside the bucket the rank falls in.
 */

export interface QuantileLines {
  /** The end of each step, ms since the epoch. */
  readonly times: number[];
  /** One line per quantile asked for; null where the step saw no observation. */
  readonly lines: (number | null)[][];
}

/** The label a series is split on: Prometheus names its buckets' upper bounds `le`. */
const LE = 'le';

function upperBound(value: unknown): number | undefined {
  if (value === '+Inf' || value === 'Inf' || value === '+inf') return Number.POSITIVE_INFINITY;
  const bound = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(bound) ? bound : undefined;
}

/** The series a point belongs to with `le` left out, and its bucket's bound. */
function familyOf(point: MetricPoint): { family: string; le: number | undefined } {
  const rest = Object.entries(point.attributes)
    .filter(([key]) => key !== LE)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { family: JSON.stringify([point.service, rest]), le: upperBound(point.attributes[LE]) };
}

/** The median gap between a series' consecutive scrapes: the step increases are summed over. */
function stepOf(series: Iterable<readonly { timeMs: number }[]>): number {
  const gaps: number[] = [];
  for (const points of series) for (let i = 1; i < points.length; i++) gaps.push(points[i]!.timeMs - points[i - 1]!.timeMs);
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return Math.max(1000, gaps[Math.floor(gaps.length / 2)]!);
}

/** The q-quantile of one step's bucket increases (cumulative per bound), PromQL's interpolation. */
export function bucketQuantile(q: number, bounds: readonly number[], cumulative: readonly number[]): number | null {
  if (bounds.length === 0) return null;
  // Increases of cumulative buckets should not go down with the bound; float noise and resets can.
  const counts: number[] = [];
  for (const count of cumulative) counts.push(Math.max(count, counts.at(-1) ?? 0));
  const total = counts.at(-1)!;
  if (!(total > 0)) return null;
  const rank = q * total;
  const index = counts.findIndex((count) => count >= rank);
  const at = index === -1 ? counts.length - 1 : index;
  const upper = bounds[at]!;
  if (upper === Number.POSITIVE_INFINITY) return at > 0 ? bounds[at - 1]! : null;
  const lower = at === 0 ? Math.min(0, upper) : bounds[at - 1]!;
  const below = at === 0 ? 0 : counts[at - 1]!;
  const inBucket = counts[at]! - below;
  return inBucket > 0 ? lower + ((upper - lower) * (rank - below)) / inBucket : upper;
}

/** p-quantile lines of every `_bucket` point given (all label sets summed), one per `quantiles` entry. */
export function histogramQuantiles(points: readonly MetricPoint[], quantiles: readonly number[]): QuantileLines {
  const series = new Map<string, { le: number; points: { timeMs: number; value: number }[] }>();
  for (const point of points) {
    const { family, le } = familyOf(point);
    if (le === undefined || point.value === null) continue;
    const key = `${family}\u0000${le}`;
    let entry = series.get(key);
    if (entry === undefined) {
      entry = { le, points: [] };
      series.set(key, entry);
    }
    entry.points.push({ timeMs: nanosToMs(point.timeUnixNano), value: point.value });
  }
  for (const entry of series.values()) entry.points.sort((a, b) => a.timeMs - b.timeMs);
  const step = stepOf([...series.values()].map((entry) => entry.points));
  if (step === 0) return { times: [], lines: quantiles.map(() => []) };

  // Per step (its index since the epoch), per bound: the summed increases.
  const steps = new Map<number, Map<number, number>>();
  for (const { le, points: ordered } of series.values()) {
    for (let i = 1; i < ordered.length; i++) {
      const { timeMs, value } = ordered[i]!;
      const previous = ordered[i - 1]!.value;
      const increase = value >= previous ? value - previous : value;
      const slot = Math.ceil(timeMs / step);
      let byBound = steps.get(slot);
      if (byBound === undefined) {
        byBound = new Map();
        steps.set(slot, byBound);
      }
      byBound.set(le, (byBound.get(le) ?? 0) + increase);
    }
  }
  const slots = [...steps.keys()].sort((a, b) => a - b);
  const lines = quantiles.map(() => [] as (number | null)[]);
  for (const slot of slots) {
    const byBound = [...(steps.get(slot) as Map<number, number>).entries()].sort(([a], [b]) => a - b);
    const bounds = byBound.map(([le]) => le);
    const cumulative = byBound.map(([, count]) => count);
    for (const [index, q] of quantiles.entries()) lines[index]!.push(bucketQuantile(q, bounds, cumulative));
  }
  return { times: slots.map((slot) => slot * step), lines };
}
