import { describe, expect, it } from 'vitest';
import { bucketQuantile, quantileLines } from './histogram-quantile.js';

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
