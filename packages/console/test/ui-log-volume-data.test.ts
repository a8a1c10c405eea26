import { describe, expect, it } from 'vitest';
import { volumeBars } from '../ui/src/components/log-volume-data.js';

const bucket = (
  timeMs: number,
  counts: Partial<Record<'unspecified' | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', number>>,
) => ({
  timeMs,
  unspecified: 0,
  trace: 0,
  debug: 0,
  info: 0,
  warn: 0,
  error: 0,
  fatal: 0,
  ...counts,
});

describe('log volume bars', () => {
  it('fills every bucket of the window, zero where no line fell, from the bucket holding its start', () => {
    const bars = volumeBars({
      bucketMs: 30_000,
      sinceMs: 15_000,
      untilMs: 135_000,
      buckets: [bucket(30_000, { info: 3 }), bucket(90_000, { debug: 1 })],
    });
    expect(bars.times).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
    expect(bars.all).toEqual([0, 3, 0, 1, 0]);
  });

  it('counts each layer with the ones below it: errors, then warnings and errors, then every line', () => {
    const bars = volumeBars({
      bucketMs: 60_000,
      sinceMs: 0,
      untilMs: 120_000,
      buckets: [bucket(0, { unspecified: 1, trace: 1, debug: 2, info: 5, warn: 2, error: 1, fatal: 1 }), bucket(60_000, { warn: 4 })],
    });
    expect(bars).toEqual({ times: [0, 60_000], all: [13, 4], warnAndUp: [4, 4], errorAndUp: [2, 0] });
  });

  it('leaves out a bucket the window does not hold', () => {
    const bars = volumeBars({
      bucketMs: 60_000,
      sinceMs: 60_000,
      untilMs: 120_000,
      buckets: [bucket(0, { info: 9 }), bucket(60_000, { info: 1 })],
    });
    expect(bars).toEqual({ times: [60_000], all: [1], warnAndUp: [0], errorAndUp: [0] });
  });
});
