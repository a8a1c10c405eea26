import { describe, expect, it } from 'vitest';
import { sparklineWindow, wholeBuckets } from '../ui/src/components/sparkline-window.js';

const minutes = (count: number) => Array.from({ length: count }, (_, index) => 1_764_000_000_000 + index * 60_000);

describe('the window a service sparkline draws', () => {
  it('starts at the first minute with requests when the data starts inside the window (a fresh console)', () => {
    const times = minutes(60);
    const requests = times.map((_, index) => (index >= 55 ? 100 : 0));
    expect(sparklineWindow(times, requests)).toEqual({ start: 55, sinceMs: times[55] });
  });

  it('draws the whole window when the data fills it, or when there is none', () => {
    const times = minutes(60);
    expect(
      sparklineWindow(
        times,
        times.map(() => 3),
      ),
    ).toEqual({ start: 0, sinceMs: undefined });
    expect(
      sparklineWindow(
        times,
        times.map(() => 0),
      ),
    ).toEqual({ start: 0, sinceMs: undefined });
  });

  it('keeps three buckets at least, so a single new minute is still a line', () => {
    const times = minutes(60);
    const requests = times.map((_, index) => (index === 59 ? 7 : 0));
    expect(sparklineWindow(times, requests)).toEqual({ start: 57, sinceMs: times[57] });
  });
});

describe('the whole buckets of a sparkline window', () => {
  const minute = 60_000;
  const start = 1_764_000_000_000;
  const timesMs = Array.from({ length: 5 }, (_, index) => start + index * minute);

  it('leaves out the first bucket, begun before the window, and the last, the minute under way', () => {
    expect(wholeBuckets({ timesMs, bucketMs: minute, sinceMs: start + 20_000, untilMs: start + 4 * minute + 20_000 })).toEqual({
      start: 1,
      end: 4,
    });
  });

  it('keeps every bucket of a window that starts and ends on bucket edges', () => {
    expect(wholeBuckets({ timesMs, bucketMs: minute, sinceMs: start, untilMs: start + 5 * minute })).toEqual({ start: 0, end: 5 });
  });
});
