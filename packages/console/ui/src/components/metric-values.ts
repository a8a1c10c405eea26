import type { MetricPoint } from '../api/types.js';
import { nanosToMs } from '../format.js';

/** How one series' points become chart values (metric-views.ts chooses it per series). */
export type ChartMode = 'rate' | 'deltaRate' | 'mean' | 'value';

/** Whether the values never go down (nulls skipped): a cumulative series without a reset. */
export function nonDecreasing(values: readonly (number | null)[]): boolean {
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
