import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../ui/src/api/types.js';
import { chartValues } from '../ui/src/components/metric-values.js';
import { seriesMode } from '../ui/src/components/metric-views.js';

function point(
  second: number,
  type: string,
  value: number | null,
  count: number | null = null,
  extra: Partial<MetricPoint> = {},
): MetricPoint {
  return {
    service: 'orders-api',
    type,
    attributes: {},
    timeUnixNano: (BigInt(1_764_000_000 + second) * 1_000_000_000n).toString(),
    value,
    count,
    min: null,
    max: null,
    detail: null,
    exemplars: [],
    source: 'otlp',
    temporality: null,
    startTimeUnixNano: null,
    monotonic: null,
    ...extra,
  };
}

const at = (second: number) => (BigInt(1_764_000_000 + second) * 1_000_000_000n).toString();

describe('metric chart values', () => {
  it('charts a cumulative histogram as the mean of each interval', () => {
    const points = [point(0, 'histogram', 2, 10), point(30, 'histogram', 5, 20), point(60, 'histogram', 5, 20)];
    expect(seriesMode('mean', points)).toBe('mean');
    expect(chartValues(points, 'mean')).toEqual([null, 0.3, null]);
  });

  it('charts delta histogram points as sum / count', () => {
    const points = [point(0, 'histogram', 2, 10), point(30, 'histogram', 1, 5)];
    expect(chartValues(points, 'mean')).toEqual([0.2, 0.2]);
  });

  it('charts a growing counter as a per-second rate, unless the raw value is asked for', () => {
    const points = [point(0, 'sum', 100), point(10, 'sum', 150), point(20, 'sum', 150)];
    expect(seriesMode('rate', points)).toBe('rate');
    expect(chartValues(points, 'rate')).toEqual([null, 5, 0]);
    expect(seriesMode('value', points)).toBe('value');
  });

  it('uses the temporality the points state over what their values suggest', () => {
    // Delta histogram points whose counts happen to grow: each is its own interval's mean.
    const delta = { temporality: 'delta' as const };
    const histogram = [point(0, 'histogram', 2, 10, delta), point(30, 'histogram', 6, 20, delta)];
    expect(chartValues(histogram, 'mean')).toEqual([0.2, 0.3]);
    // A delta counter whose values happen to grow is a rate per point over its own interval.
    const counter = [point(10, 'sum', 50, null, { ...delta, startTimeUnixNano: at(0) }), point(20, 'sum', 60, null, delta)];
    expect(seriesMode('rate', counter)).toBe('deltaRate');
    expect(chartValues(counter, 'deltaRate')).toEqual([5, 6]);
    // A cumulative histogram whose counts were reset is still cumulative: the reset interval is a gap.
    const cumulative = { temporality: 'cumulative' as const };
    const reset = [point(0, 'histogram', 2, 10, cumulative), point(30, 'histogram', 1, 5, cumulative)];
    expect(chartValues(reset, 'mean')).toEqual([null, null]);
  });

  it('reads a sum as a counter or an up-down counter by what the store says, not by its values', () => {
    const cumulative = { temporality: 'cumulative' as const };
    // An up-down counter that only rose in this window is still no counter: no rate.
    const upDown = [
      point(0, 'sum', 3, null, { ...cumulative, monotonic: false }),
      point(10, 'sum', 7, null, { ...cumulative, monotonic: false }),
    ];
    expect(seriesMode('rate', upDown)).toBe('value');
    // A counter whose process restarted went down once: still a rate (the reset is a gap).
    const counter = [
      point(0, 'sum', 100, null, { ...cumulative, monotonic: true }),
      point(10, 'sum', 4, null, { ...cumulative, monotonic: true }),
    ];
    expect(seriesMode('rate', counter)).toBe('rate');
  });

  it('charts a sum that goes down (an up-down counter or a reset) as stored when the store does not say which', () => {
    const points = [point(0, 'sum', 100), point(10, 'sum', 20)];
    expect(seriesMode('rate', points)).toBe('value');
    expect(chartValues(points, 'value')).toEqual([100, 20]);
  });

  it("charts a scraped histogram's bucket, _count and _sum samples (no count of their own) as per-second rates", () => {
    // A Prometheus histogram family arrives as cumulative counters typed histogram; the mean needs a count they lack.
    const bucket = [point(0, 'histogram', 300, null, { source: 'scrape' }), point(15, 'histogram', 330, null, { source: 'scrape' })];
    expect(seriesMode('rate', bucket)).toBe('rate');
    expect(chartValues(bucket, 'rate')).toEqual([null, 2]);
    expect(seriesMode('value', bucket)).toBe('value');
    // A scraped counter that was reset is still a rate: the reset interval is a gap, not a switch to raw values.
    const reset = [...bucket, point(30, 'histogram', 4, null, { source: 'scrape' })];
    expect(seriesMode('rate', reset)).toBe('rate');
    expect(chartValues(reset, 'rate')).toEqual([null, 2, null]);
  });
});
