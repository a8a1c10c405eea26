import { describe, expect, it } from 'vitest';
import {
  bucketQuantile,
  exponentialAsExplicit,
  type HistogramPoint,
  histogramIncreases,
  medianGapMs,
  quantileLines,
} from './histogram-quantile.js';

const INF = Number.POSITIVE_INFINITY;

describe('bucketQuantile (PromQL histogram_quantile interpolation)', () => {
  const bounds = [0.1, 0.5, 1, INF];
  const counts = [50, 90, 99, 100];
  it('interpolates inside the bucket the rank falls in, from 0 for the lowest', () => {
    expect(bucketQuantile(0.5, bounds, counts)).toBeCloseTo(0.1, 10);
    expect(bucketQuantile(0.25, bounds, counts)).toBeCloseTo(0.05, 10);
    expect(bucketQuantile(0.95, bounds, counts)).toBeCloseTo(0.5 + (0.5 * 5) / 9, 10);
    expect(bucketQuantile(0.99, bounds, counts)).toBeCloseTo(1, 10);
  });
  it('answers the highest finite bound for a rank in +Inf, and nothing without observations', () => {
    expect(bucketQuantile(0.999, bounds, counts)).toBe(1);
    expect(bucketQuantile(0.5, [INF], [3])).toBeNull();
    expect(bucketQuantile(0.5, bounds, [0, 0, 0, 0])).toBeNull();
    expect(bucketQuantile(0.5, [], [])).toBeNull();
  });
  it('reads counts that go down with the bound as the running maximum, and a bound <= 0 as itself', () => {
    expect(bucketQuantile(0.5, bounds, [50, 40, 99, 100])).toBeCloseTo(0.1, 10);
    expect(bucketQuantile(0.5, [-1, 0, INF], [10, 10, 10])).toBe(-1);
  });
});

describe('quantileLines', () => {
  it('gives one value per step and quantile, in the steps given', () => {
    const { times, lines } = quantileLines(
      [
        { timeMs: 1000, le: 0.1, increase: 10 },
        { timeMs: 1000, le: 1, increase: 20 },
        { timeMs: 1000, le: INF, increase: 20 },
        { timeMs: 2000, le: 0.1, increase: 0 },
        { timeMs: 2000, le: 1, increase: 0 },
        { timeMs: 2000, le: INF, increase: 0 },
      ],
      [0.5, 0.75],
    );
    expect(times).toEqual([1000, 2000]);
    expect(lines[0]![0]).toBeCloseTo(0.1, 10);
    expect(lines[1]![0]).toBeCloseTo(0.1 + 0.9 * 0.5, 10);
    expect(lines.map((line) => line[1])).toEqual([null, null]);
  });
});

describe('histogramIncreases (OTLP explicit-bucket points)', () => {
  const point = (series: string, timeMs: number, counts: number[], extra: Partial<HistogramPoint> = {}): HistogramPoint => ({
    series,
    timeMs,
    startMs: 0,
    temporality: 2,
    bounds: [0.1, 1],
    counts,
    ...extra,
  });

  it("takes a cumulative series' increase between points, cumulative along the bounds, summed over series per step", () => {
    const points = [
      point('a', 10_000, [1, 1, 0]),
      point('a', 20_000, [4, 3, 1]),
      point('b', 10_000, [0, 0, 0]),
      point('b', 20_000, [2, 0, 0]),
    ];
    expect(medianGapMs(points)).toBe(10_000);
    // a: +3 +2 +1 per bucket; b: +2 +0 +0 -> le 0.1: 5, le 1: 7, +Inf: 8.
    expect(histogramIncreases(points, 10_000)).toEqual([
      { timeMs: 20_000, le: 0.1, increase: 5 },
      { timeMs: 20_000, le: 1, increase: 7 },
      { timeMs: 20_000, le: INF, increase: 8 },
    ]);
  });

  it('counts from zero after a restart: a new start time, a count that went down, other bounds', () => {
    const restarted = [point('a', 10_000, [5, 5, 5]), point('a', 20_000, [1, 0, 0], { startMs: 15_000 })];
    expect(histogramIncreases(restarted, 10_000).map((row) => row.increase)).toEqual([1, 1, 1]);
    const dropped = [point('a', 10_000, [5, 5, 5]), point('a', 20_000, [6, 1, 5])];
    expect(histogramIncreases(dropped, 10_000).map((row) => row.increase)).toEqual([6, 7, 12]);
    const rebucketed = [point('a', 10_000, [5, 5, 5]), point('a', 20_000, [1, 2], { bounds: [0.5] })];
    expect(histogramIncreases(rebucketed, 10_000)).toEqual([
      { timeMs: 20_000, le: 0.5, increase: 1 },
      { timeMs: 20_000, le: INF, increase: 3 },
    ]);
  });

  it('takes each delta point as its own increase, the first one too, in the step it ends', () => {
    const points = [point('d', 9_000, [1, 0, 0], { temporality: 1 }), point('d', 19_000, [0, 2, 1], { temporality: 1 })];
    expect(histogramIncreases(points, 10_000)).toEqual([
      { timeMs: 10_000, le: 0.1, increase: 1 },
      { timeMs: 10_000, le: 1, increase: 1 },
      { timeMs: 10_000, le: INF, increase: 1 },
      { timeMs: 20_000, le: 0.1, increase: 0 },
      { timeMs: 20_000, le: 1, increase: 2 },
      { timeMs: 20_000, le: INF, increase: 3 },
    ]);
  });

  it('skips a point whose counts do not match its bounds, and gives no step without two points of a series', () => {
    expect(histogramIncreases([point('a', 10_000, [1, 1]), point('a', 20_000, [2, 2])], 10_000)).toEqual([]);
    expect(medianGapMs([point('a', 10_000, [1, 1, 1]), point('b', 20_000, [1, 1, 1])])).toBe(0);
  });

  it('gives the quantiles PromQL would: p50 of 8 observations in these buckets', () => {
    const increases = histogramIncreases([point('a', 10_000, [0, 0, 0]), point('a', 20_000, [2, 4, 2])], 10_000);
    // rank 4 of 8: in (0.1, 1], 2 below, 4 inside -> 0.1 + 0.9 * 2/4.
    expect(quantileLines(increases, [0.5]).lines[0]![0]).toBeCloseTo(0.55, 10);
  });
});

describe('exponential histograms', () => {
  it('become explicit buckets: (base^i, base^(i+1)] from the offset, the zero bucket below, an empty +Inf', () => {
    // Scale 0: base 2. Offset 3: buckets (8, 16], (16, 32].
    expect(
      exponentialAsExplicit({
        scale: 0,
        zeroCount: 1,
        positive: { offset: 3, bucketCounts: [2, 5] },
        negative: { offset: 0, bucketCounts: [] },
      }),
    ).toEqual({
      bounds: [0, 8, 16, 32],
      counts: [1, 0, 2, 5, 0],
    });
    // Scale 1: base sqrt 2; negative buckets mirror below zero, most negative first.
    const { bounds, counts } = exponentialAsExplicit({
      scale: 1,
      zeroCount: 0,
      zeroThreshold: 0.001,
      positive: { offset: 0, bucketCounts: [4] },
      negative: { offset: 2, bucketCounts: [1, 3] },
    });
    const rounded = (values: number[]) => values.map((value) => Number(value.toFixed(9)));
    expect(rounded(bounds)).toEqual(rounded([-2 * Math.SQRT2, -2, 0.001, 1, Math.SQRT2]));
    expect(counts).toEqual([3, 1, 0, 0, 4, 0]);
  });

  it('read a cumulative series across a rescale: the previous counts at the new, coarser bounds', () => {
    const point = (timeMs: number, scale: number, offset: number, bucketCounts: number[]): HistogramPoint => ({
      series: 'e',
      timeMs,
      startMs: 0,
      temporality: 2,
      ...exponentialAsExplicit({ scale, zeroCount: 0, positive: { offset, bucketCounts }, negative: { offset: 0, bucketCounts: [] } }),
    });
    // Scale 1 (base sqrt 2): 2 in (2, 2.83], 2 in (2.83, 4]; then scale 0 (base 2): those 4 in (2, 4], 6 more in (4, 8].
    const increases = histogramIncreases([point(10_000, 1, 2, [2, 2]), point(20_000, 0, 1, [4, 6])], 10_000);
    expect(increases.filter((row) => row.increase > 0 || row.le === INF).map((row) => [row.le, row.increase])).toEqual([
      [8, 6],
      [INF, 6],
    ]);
    // p50 of the 6 new observations: inside (4, 8].
    expect(quantileLines(increases, [0.5]).lines[0]![0]).toBeCloseTo(6, 10);
  });
});
