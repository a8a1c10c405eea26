import { describe, expect, it } from 'vitest';
import { thinExemplars } from '../ui/src/components/exemplar-thinning.js';

describe('thinExemplars', () => {
  it('keeps every exemplar when they fit', () => {
    const markers = [
      { timeMs: 1, value: 0.2 },
      { timeMs: 2, value: 0.1 },
    ];
    expect(thinExemplars(markers, 5)).toBe(markers);
  });

  it('keeps the highest value of each time slice, in time order, at most the limit', () => {
    const markers = Array.from({ length: 1_000 }, (_, index) => ({ timeMs: index, value: index % 10 === 7 ? 5 : 1 }));
    const drawn = thinExemplars(markers, 100);
    expect(drawn).toHaveLength(100);
    expect(drawn.every((marker) => marker.value === 5)).toBe(true);
    expect(drawn.map((marker) => marker.timeMs)).toEqual([...drawn.map((marker) => marker.timeMs)].sort((a, b) => a - b));
  });
});
