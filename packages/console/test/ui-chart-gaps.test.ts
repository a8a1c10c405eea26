import { describe, expect, it } from 'vitest';
import { isolatedPoints, withMissingPointGaps } from '../ui/src/components/chart-gaps.js';

describe('where chart lines break', () => {
  it('keeps a null as a gap and joins a line across the times only other lines have points at', () => {
    // Two services exported at different instants, every 30 s: neither line has a gap.
    const times = [0, 10, 30, 40, 60, 70];
    const a = [1, undefined, 2, undefined, 3, undefined];
    const b = [undefined, 5, undefined, null, undefined, 7];
    expect(withMissingPointGaps(times, [a, b])).toEqual({ times, lines: [a, b] });
  });

  it('breaks a line where a scrape is missing: the times of other lines in between become gaps for it', () => {
    const times = [0, 5, 10, 15, 20, 25, 30, 35, 40];
    // a is scraped every 10 s and misses the one at 20 s; b every 5 s throughout.
    const a = [1, undefined, 2, undefined, undefined, undefined, 3, undefined, 4];
    const b = [1, 1, 1, 1, 1, 1, 1, 1, 1];
    const { times: drawnTimes, lines } = withMissingPointGaps(times, [a, b]);
    expect(drawnTimes).toEqual(times);
    expect(lines[0]).toEqual([1, undefined, 2, null, null, null, 3, undefined, 4]);
    expect(lines[1]).toEqual(b);
  });

  it('adds a time halfway for a gap that has none of its own, a gap for that line only', () => {
    const times = [0, 1, 2, 3, 7, 8];
    const { times: drawnTimes, lines } = withMissingPointGaps(times, [
      [1, 2, 3, 4, 5, 6],
      [undefined, undefined, 9, undefined, undefined, 9],
    ]);
    expect(drawnTimes).toEqual([0, 1, 2, 3, 5, 7, 8]);
    expect(lines).toEqual([
      [1, 2, 3, 4, null, 5, 6],
      [undefined, undefined, 9, undefined, undefined, undefined, 9],
    ]);
  });

  it('joins points whose interval is late by less than half of the usual one (scrape jitter)', () => {
    const times = [0, 1_000, 2_000, 3_400, 4_400, 5_400];
    const values = [1, 2, 3, 4, 5, 6];
    expect(withMissingPointGaps(times, [values]).lines).toEqual([values]);
    // Twice the usual interval is a point missing.
    expect(withMissingPointGaps([0, 1_000, 2_000, 4_000, 5_000], [[1, 2, 3, 4, 5]]).times).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it('finds the points no line reaches: alone between gaps, at an end beside one, or the only one', () => {
    expect(isolatedPoints([1, null, 2, null, 3, 4])).toEqual([0, 2]);
    expect(isolatedPoints([null, 5, undefined, null])).toEqual([1]);
    expect(isolatedPoints([undefined, 5, undefined])).toEqual([1]);
    // Joined across the other lines' times: not alone.
    expect(isolatedPoints([1, undefined, 2])).toBeNull();
    expect(isolatedPoints([null, null])).toBeNull();
  });
});
