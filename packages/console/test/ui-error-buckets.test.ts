import { describe, expect, it } from 'vitest';
import { groupBucketMs } from '../src/server/api/error-buckets.js';
import { bucketFor, bucketLabel, fillBuckets, seriesBucketMs } from '../ui/src/components/error-buckets.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("the buckets an error group's counts are drawn in", () => {
  it('sizes them from the window, 30 to 60 per window, when the series is fine enough', () => {
    expect(bucketFor(HOUR, MINUTE)).toBe(MINUTE);
    expect(bucketFor(DAY, MINUTE)).toBe(30 * MINUTE);
    expect(bucketFor(7 * DAY, MINUTE)).toBe(3 * HOUR);
    for (const window of [HOUR, DAY, 7 * DAY]) {
      const buckets = window / bucketFor(window, MINUTE);
      expect(buckets).toBeGreaterThanOrEqual(30);
      expect(buckets).toBeLessThanOrEqual(60);
    }
  });

  it('never draws finer than the API counted, and sums whole buckets of it', () => {
    // /api/errors counts per hour: an hour's window is one bar, however it is drawn.
    expect(bucketFor(HOUR, HOUR)).toBe(HOUR);
    expect(bucketFor(DAY, HOUR)).toBe(HOUR);
    expect(bucketFor(7 * DAY, HOUR)).toBe(3 * HOUR);
    // A source of 10 minutes: 30-minute buckets hold three of its buckets each, never a part of one.
    expect(bucketFor(DAY, 10 * MINUTE) % (10 * MINUTE)).toBe(0);
  });

  it('reads the bucket size an answer states, else an hour', () => {
    expect(seriesBucketMs({ timesMs: [], counts: [] })).toBe(HOUR);
    expect(seriesBucketMs({ timesMs: [], counts: [], bucketMs: MINUTE } as { timesMs: number[]; counts: number[] })).toBe(MINUTE);
  });

  it('fills every bucket of the window, zero where nothing happened, summing the source buckets each holds', () => {
    const start = 1_764_633_600_000; // a whole day
    const series = { timesMs: [start, start + HOUR, start + 5 * HOUR], counts: [2, 3, 7] };
    const filled = fillBuckets(series, start + 30 * MINUTE, start + 8 * HOUR, 4 * HOUR);
    expect(filled.times).toEqual([start, start + 4 * HOUR, start + 8 * HOUR]);
    expect(filled.counts).toEqual([5, 7, 0]);
  });

  it('names what one bar counts', () => {
    expect([5_000, 30_000, MINUTE, 30 * MINUTE, HOUR, 4 * HOUR, DAY].map(bucketLabel)).toEqual([
      '5 s',
      '30 s',
      'minute',
      '30 min',
      'hour',
      '4 h',
      'day',
    ]);
  });
});

describe("the bucket a group's own page counts in", () => {
  const now = Date.UTC(2026, 11, 3, 12);
  it("is sized from the group's age, at least the last hour", () => {
    expect(groupBucketMs(now - 30_000, now)).toBe(MINUTE);
    expect(groupBucketMs(now - 50 * MINUTE, now)).toBe(MINUTE);
    expect(groupBucketMs(now - 6 * HOUR, now)).toBe(10 * MINUTE);
    expect(groupBucketMs(now - 3 * DAY, now)).toBe(2 * HOUR);
    expect(groupBucketMs(now - 30 * DAY, now)).toBe(12 * HOUR);
  });
});
