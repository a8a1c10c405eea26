import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../ui/src/api/types.js';
import { bucketQuantile, histogramQuantiles } from '../ui/src/components/histogram-quantiles.js';

const BASE_S = 1_764_000_000;

function bucket(
  second: number,
  le: string,
  value: number,
  attributes: Record<string, string> = { route: '/orders' },
  service = 'orders-api',
): MetricPoint {
  return {
    service,
    type: 'histogram',
    attributes: { ...attributes, le },
    timeUnixNano: (BigInt(BASE_S + second) * 1_000_000_000n).toString(),
    value,
    count: null,
    detail: null,
    exemplars: [],
    source: 'scrape',
    temporality: 'cumulative',
    startTimeUnixNano: null,
  };
}

/** One scrape of a family: cumulative bucket counts for le 0.1, 0.5, 1, +Inf. */
const scrape = (second: number, counts: [number, number, number, number], attributes?: Record<string, string>, service?: string) =>
  ['0.1', '0.5', '1', '+Inf'].map((le, i) => bucket(second, le, counts[i]!, attributes, service));

describe('bucketQuantile (PromQL histogram_quantile interpolation)', () => {
  const bounds = [0.1, 0.5, 1, Number.POSITIVE_INFINITY];
  const counts = [50, 90, 99, 100];
  it('interpolates inside the bucket the rank falls in, from 0 for the lowest', () => {
    expect(bucketQuantile(0.5, bounds, counts)).toBeCloseTo(0.1, 10);
    expect(bucketQuantile(0.25, bounds, counts)).toBeCloseTo(0.05, 10);
    expect(bucketQuantile(0.95, bounds, counts)).toBeCloseTo(0.5 + (0.5 * 5) / 9, 10);
    expect(bucketQuantile(0.99, bounds, counts)).toBeCloseTo(1, 10);
  });
  it('answers the highest finite bound for a rank in +Inf, and nothing for no observations', () => {
    expect(bucketQuantile(0.999, bounds, counts)).toBe(1);
    expect(bucketQuantile(0.5, bounds, [0, 0, 0, 0])).toBeNull();
    expect(bucketQuantile(0.5, [], [])).toBeNull();
  });
  it('reads counts that go down with the bound as the running maximum', () => {
    expect(bucketQuantile(0.5, bounds, [50, 40, 99, 100])).toBeCloseTo(0.1, 10);
  });
});

describe('histogramQuantiles over scraped _bucket series', () => {
  it('charts each scrape interval’s increase, not the counters since start', () => {
    // Before t=15: 100 fast requests; between 15 and 30: 10 requests, all between 0.5 and 1 s.
    const points = [...scrape(0, [0, 0, 0, 0]), ...scrape(15, [100, 100, 100, 100]), ...scrape(30, [100, 100, 110, 110])];
    const { times, lines } = histogramQuantiles(points, [0.5, 0.99]);
    expect(times).toEqual([(BASE_S + 15) * 1000, (BASE_S + 30) * 1000]);
    expect(lines[0]![0]).toBeCloseTo(0.05, 10);
    expect(lines[0]![1]).toBeCloseTo(0.75, 10);
    expect(lines[1]![1]).toBeCloseTo(0.995, 10);
  });

  it('sums label sets (and services) per bound in a step, scraped at slightly different moments', () => {
    const points = [
      ...scrape(0, [0, 0, 0, 0], { route: '/a' }),
      ...scrape(15, [10, 10, 10, 10], { route: '/a' }),
      ...scrape(1, [0, 0, 0, 0], { route: '/b' }, 'payments'),
      ...scrape(14, [0, 0, 10, 10], { route: '/b' }, 'payments'),
    ];
    const { times, lines } = histogramQuantiles(points, [0.5, 0.75]);
    // 20 observations: 10 under 0.1 s, 10 between 0.5 and 1 s.
    expect(times).toHaveLength(1);
    expect(lines[0]![0]).toBeCloseTo(0.1, 10);
    expect(lines[1]![0]).toBeCloseTo(0.75, 10);
  });

  it('counts from zero after a counter reset (a restarted service), and leaves steps with no requests empty', () => {
    const points = [...scrape(0, [40, 50, 50, 50]), ...scrape(15, [2, 4, 4, 4]), ...scrape(30, [2, 4, 4, 4])];
    const { lines } = histogramQuantiles(points, [0.5]);
    // After the reset: 4 requests, 2 under 0.1 s and 2 between 0.1 and 0.5 s: the median is 0.1 s.
    expect(lines[0]![0]).toBeCloseTo(0.1, 10);
    expect(lines[0]![1]).toBeNull();
  });

  it('gives nothing to draw for a single scrape or points without an le', () => {
    expect(histogramQuantiles(scrape(0, [1, 2, 3, 4]), [0.5]).times).toEqual([]);
    expect(
      histogramQuantiles(
        [
          { ...bucket(0, '1', 1), attributes: {} },
          { ...bucket(15, '1', 2), attributes: {} },
        ],
        [0.5],
      ).times,
    ).toEqual([]);
  });
});
