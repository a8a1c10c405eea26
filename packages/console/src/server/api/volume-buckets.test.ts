import { describe, expect, it } from 'vitest';
import { errorBucketMs } from './error-buckets.js';
import { volumeBucketMs } from './volume-buckets.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('bucket sizes from a window', () => {
  it('sizes a log volume at about 60-120 bars: 5 s over five minutes, 30 s over an hour, 15 min over a day', () => {
    expect(volumeBucketMs(5 * MINUTE)).toBe(5 * SECOND);
    expect(volumeBucketMs(HOUR)).toBe(30 * SECOND);
    expect(volumeBucketMs(24 * HOUR)).toBe(15 * MINUTE);
    expect(volumeBucketMs(30 * 24 * HOUR)).toBe(6 * HOUR);
  });

  it('counts whole buckets: a window read a few milliseconds after its start keeps its bucket', () => {
    // `since=1h` is resolved, then the handler reads the clock for the end: a little over an hour.
    expect(volumeBucketMs(HOUR + 7)).toBe(30 * SECOND);
    expect(errorBucketMs(HOUR + 7)).toBe(MINUTE);
    // A window a whole bucket longer takes the next size.
    expect(volumeBucketMs(HOUR + 30 * SECOND)).toBe(MINUTE);
    expect(errorBucketMs(HOUR + MINUTE)).toBe(2 * MINUTE);
  });
});
