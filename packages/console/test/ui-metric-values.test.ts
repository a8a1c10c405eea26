import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../ui/src/api/types.js';
import { chartValues, modeOf } from '../ui/src/components/metric-values.js';

function point(
  second: number,
  type: string,
  value: number | null,
  count: number | null = null,
  source: MetricPoint['source'] = 'otlp',
): MetricPoint {
  return {
    service: 'orders-api',
    type,
    attributes: {},
    timeUnixNano: (BigInt(1_764_000_000 + second) * 1_000_000_000n).toString(),
    value,
    count,
    detail: null,
    exemplars: [],
    source,
  };
}

describe('metric chart values', () => {
  it('charts a cumulative histogram as the mean of each interval', () => {
    const points = [point(0, 'histogram', 2, 10), point(30, 'histogram', 5, 20), point(60, 'histogram', 5, 20)];
    expect(modeOf('histogram', points, false)).toBe('mean');
    expect(chartValues(points, 'mean')).toEqual([null, 0.3, null]);
  });

  it('charts delta histogram points as sum / count', () => {
    const points = [point(0, 'histogram', 2, 10), point(30, 'histogram', 1, 5)];
    expect(chartValues(points, 'mean')).toEqual([0.2, 0.2]);
  });

  it('charts a growing counter as a per-second rate, unless the raw value is asked for', () => {
    const points = [point(0, 'sum', 100), point(10, 'sum', 150), point(20, 'sum', 150)];
    expect(modeOf('sum', points, false)).toBe('rate');
    expect(chartValues(points, 'rate')).toEqual([null, 5, 0]);
    expect(modeOf('sum', points, true)).toBe('value');
  });

  it('charts a sum that goes down (an up-down counter or a reset) as stored', () => {
    const points = [point(0, 'sum', 100), point(10, 'sum', 20)];
    expect(modeOf('sum', points, false)).toBe('value');
    expect(chartValues(points, 'value')).toEqual([100, 20]);
    expect(modeOf('gauge', points, false)).toBe('value');
  });

  it("charts a scraped histogram's bucket, _count and _sum samples (no count of their own) as per-second rates", () => {
    // A Prometheus histogram family arrives as cumulative counters typed histogram; the mean needs a count they lack.
    const bucket = [point(0, 'histogram', 300, null, 'scrape'), point(15, 'histogram', 330, null, 'scrape')];
    expect(modeOf('histogram', bucket, false)).toBe('rate');
    expect(chartValues(bucket, 'rate')).toEqual([null, 2]);
    expect(modeOf('histogram', bucket, true)).toBe('value');
    // A summary's quantile samples go up and down: charted as stored.
    const quantile = [point(0, 'summary', 0.2, null, 'scrape'), point(15, 'summary', 0.1, null, 'scrape')];
    expect(modeOf('summary', quantile, false)).toBe('value');
  });
});
