import { describe, expect, it } from 'vitest';
import { sparklineWindow } from '../ui/src/components/sparkline-window.js';

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
