import type { MetricPoint } from '../api/types.js';
import { nanosToMs } from '../format.js';

/** How one series' points become chart values. */
export type ChartMode = 'rate' | 'deltaRate' | 'mean' | 'value';

const DISTRIBUTIONS = new Set(['histogram', 'exponentialHistogram', 'summary']);
const COUNTERS = new Set(['sum', 'counter']);

function nonDecreasing(values: readonly (number | null)[]): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value === null) continue;
    if (value < previous) return false;
    previous = value;
  }
  return true;
}

/** The temporality the series' points state (OTLP sums and distributions; Prometheus counters). */
function statedTemporality(points: readonly MetricPoint[]): 'delta' | 'cumulative' | undefined {
  return points.find((point) => point.temporality !== null)?.temporality ?? undefined;
}

/**
 * A distribution is charted as its mean: per interval (Δsum / Δcount) when cumulative, else each
 * point's sum / count. A scraped distribution has no count of its own: its `_bucket`, `_count` and
 * `_sum` samples are cumulative counters. A cumulative counter whose values only grow is charted
 * as a per-second rate (a reset leaves a gap), a delta counter as each point over its interval;
 * anything else as stored. Temporality comes from the points (OTLP says it; Prometheus counters
 * are cumulative); without it, a series is taken as cumulative when its counts (or values) never
 * go down.
 */
export function modeOf(type: string, points: readonly MetricPoint[], wantRaw: boolean): ChartMode {
  const distribution = DISTRIBUTIONS.has(type);
  if (distribution && points.some((point) => point.count !== null)) return 'mean';
  if (wantRaw || !(COUNTERS.has(type) || distribution)) return 'value';
  if (statedTemporality(points) === 'delta') return 'deltaRate';
  return nonDecreasing(points.map((point) => point.value)) ? 'rate' : 'value';
}

/** One value per point (sorted by time), as `mode` says. */
export function chartValues(points: readonly MetricPoint[], mode: ChartMode): (number | null)[] {
  if (mode === 'value') return points.map((point) => point.value);
  if (mode === 'deltaRate') {
    return points.map((point, index) => {
      const start = point.startTimeUnixNano ?? points[index - 1]?.timeUnixNano;
      if (start === undefined || point.value === null) return null;
      const seconds = (nanosToMs(point.timeUnixNano) - nanosToMs(start)) / 1000;
      return seconds > 0 ? point.value / seconds : null;
    });
  }
  if (mode === 'mean') {
    const stated = statedTemporality(points);
    const cumulative = stated === undefined ? nonDecreasing(points.map((point) => point.count)) : stated === 'cumulative';
    return points.map((point, index) => {
      const previous = index > 0 ? points[index - 1] : undefined;
      if (
        cumulative &&
        previous !== undefined &&
        point.count !== null &&
        previous.count !== null &&
        point.value !== null &&
        previous.value !== null
      ) {
        const count = point.count - previous.count;
        return count > 0 ? (point.value - previous.value) / count : null;
      }
      // A cumulative series' first point averages everything since its start: no interval to show.
      if (cumulative && points.length > 1) return null;
      return point.count && point.value !== null ? point.value / point.count : null;
    });
  }
  return points.map((point, index) => {
    const previous = points[index - 1];
    if (previous === undefined || point.value === null || previous.value === null) return null;
    const seconds = (nanosToMs(point.timeUnixNano) - nanosToMs(previous.timeUnixNano)) / 1000;
    const delta = point.value - previous.value;
    return seconds > 0 && delta >= 0 ? delta / seconds : null;
  });
}

export const MODE_NOTES: Record<ChartMode, string> = {
  mean: 'Charted as the mean per interval (Δsum / Δcount; sum / count for delta points).',
  rate: 'Charted as a per-second rate of the counter.',
  deltaRate: 'Charted as a per-second rate: each delta point over its interval.',
  value: '',
};
