import { describe, expect, it } from 'vitest';
import { comparisonBands, MIN_REQUESTS, typicalOf } from '../ui/src/components/compare-picks.js';

describe('comparisonBands', () => {
  it('takes the typical band around the median and the slow one from the p99', () => {
    expect(comparisonBands({ requests: 500, p50Ms: 10, p99Ms: 240 })).toEqual({
      typical: { minDurationMs: 8, maxDurationMs: 12.5 },
      slow: { minDurationMs: 240 },
    });
  });

  it('rounds to microseconds, so the figures fit a URL', () => {
    const bands = comparisonBands({ requests: 500, p50Ms: 1.23456789, p99Ms: 9.87654321 });
    expect(bands).toEqual({ typical: { minDurationMs: 0.988, maxDurationMs: 1.543 }, slow: { minDurationMs: 9.877 } });
  });

  it('offers nothing for a route with too few requests for a p99', () => {
    expect(comparisonBands({ requests: MIN_REQUESTS - 1, p50Ms: 10, p99Ms: 240 })).toBeUndefined();
    expect(comparisonBands({ requests: MIN_REQUESTS, p50Ms: 10, p99Ms: 240 })).toBeDefined();
  });

  it('offers nothing when the tail is no slower than a typical request, or latency is unknown', () => {
    expect(comparisonBands({ requests: 500, p50Ms: 10, p99Ms: 12.5 })).toBeUndefined();
    expect(comparisonBands({ requests: 500, p50Ms: null, p99Ms: 30 })).toBeUndefined();
    expect(comparisonBands({ requests: 500, p50Ms: 0, p99Ms: 30 })).toBeUndefined();
  });
});

describe('typicalOf', () => {
  it('takes the newest candidate that did not fail, else the newest', () => {
    const failed = { traceId: 'a', errorCount: 2 };
    const ok = { traceId: 'b', errorCount: 0 };
    expect(typicalOf([failed, ok])).toBe(ok);
    expect(typicalOf([failed])).toBe(failed);
    expect(typicalOf([])).toBeUndefined();
  });
});
