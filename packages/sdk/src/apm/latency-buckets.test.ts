import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, bucketOf, HIGHEST_MS, LOWEST_MS, MAX_RELATIVE_ERROR, quantilesOf, representativeOf } from './latency-buckets.js';

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Nearest rank: the smallest value with at least q·n values at or below it. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

function estimate(values: readonly number[], quantiles: readonly number[]): number[] {
  const counts = new Float64Array(BUCKET_COUNT);
  for (const value of values) counts[bucketOf(value)] = (counts[bucketOf(value)] as number) + 1;
  return quantilesOf(counts, values.length, quantiles, Math.min(...values), Math.max(...values));
}

const QUANTILES = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

const distributions: Record<string, (next: () => number) => number> = {
  'log-normal around 20 ms': (next) => Math.exp(Math.log(20) + 0.8 * normal(next)),
  'uniform 0–2000 ms': (next) => next() * 2000,
  'bimodal cache hit / miss': (next) => (next() < 0.8 ? 0.3 + next() * 0.5 : 150 + next() * 400),
  'heavy tail (Pareto)': (next) => 5 / (1 - next()) ** (1 / 1.2),
};

describe('latency buckets', () => {
  it('has a few hundred buckets and a relative error under 2 %', () => {
    expect(BUCKET_COUNT).toBe(470);
    expect(MAX_RELATIVE_ERROR).toBeLessThan(0.02);
  });

  it('maps durations monotonically onto buckets whose representative is within the error bound', () => {
    const next = random(7);
    let previous = -1;
    for (let value = LOWEST_MS * 1.0001; value < HIGHEST_MS; value *= 1 + next() * 0.01) {
      const bucket = bucketOf(value);
      expect(bucket).toBeGreaterThanOrEqual(previous);
      previous = bucket;
      expect(Math.abs(representativeOf(bucket) - value) / value).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-9);
    }
    expect(previous).toBe(BUCKET_COUNT - 1);
  });

  it('folds values outside the range into the end buckets', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
    expect(bucketOf(HIGHEST_MS * 10)).toBe(BUCKET_COUNT - 1);
  });

  for (const [name, draw] of Object.entries(distributions)) {
    it(`estimates quantiles of ${name} within the bucket error of the exact sorted quantiles`, () => {
      for (const seed of [1, 2, 3]) {
        const next = random(seed);
        const values = Array.from({ length: 20_000 }, () => draw(next));
        const sorted = [...values].sort((a, b) => a - b);
        const estimates = estimate(values, QUANTILES);
        QUANTILES.forEach((q, i) => {
          const exact = exactQuantile(sorted, q);
          const error = Math.abs((estimates[i] as number) - exact) / exact;
          expect(error, `q=${q} seed=${seed}: estimate ${estimates[i]} vs exact ${exact}`).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-9);
        });
      }
    });
  }

  it('is exact at the extremes (clamped to the min and max seen) and for a single value', () => {
    const values = [3.3, 7, 7, 7, 12.5];
    const [lowest, median, highest] = estimate(values, [0, 0.5, 1]);
    expect(lowest).toBe(3.3);
    expect(Math.abs((median as number) - 7) / 7).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(highest).toBe(12.5);
    expect(estimate([42.42], [0.5, 0.99])).toEqual([42.42, 42.42]);
  });

  it('gives NaN without data', () => {
    expect(quantilesOf(new Float64Array(BUCKET_COUNT), 0, [0.5], Number.POSITIVE_INFINITY, 0)).toEqual([Number.NaN]);
  });
});
