import { describe, expect, it } from 'vitest';
import { exemplarRange, timeRange, valueRange, zoomedRange } from '../ui/src/components/chart-range.js';

describe('time chart ranges', () => {
  it('widens the time axis to an exemplar taken before the first point that carries it', () => {
    expect(timeRange(1_000, 1_030, [990, 1_010])).toEqual([990, 1_030]);
  });

  it('shows a minute around a single scrape instead of years', () => {
    expect(timeRange(1_000, 1_000, [])).toEqual([970, 1_030]);
    expect(timeRange(1_000, 1_000, [999.5])).toEqual([969.5, 1_030]);
  });

  it('tells a drag-zoom from uPlot asking for the data extent, which is fitted to the exemplars', () => {
    const extent = [1_000, 1_060] as const;
    // The first draw and a double-click reset ask for the data's own extent: not a zoom.
    expect(zoomedRange(1_000, 1_060, extent)).toBeUndefined();
    // A selection inside it is kept as chosen, exemplars outside it or not, and may be under a second.
    expect(zoomedRange(1_020, 1_030, extent)).toEqual([1_020, 1_030]);
    expect(zoomedRange(1_020.2, 1_020.6, extent)).toEqual([1_020.2, 1_020.6]);
    // No data, or an empty selection: fitted.
    expect(zoomedRange(null, null, undefined)).toBeUndefined();
    expect(zoomedRange(1_020, 1_020, extent)).toBeUndefined();
  });

  it('reaches the exemplar values on the value axis, from zero for small positive values', () => {
    const [low, high] = valueRange(0.01, 0.05, [1.2]);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(1.2);
    expect(valueRange(-4, -2, [])).toEqual([-4.16, -1.84]);
  });

  it('fits the exemplar axis to the exemplars, so millisecond exemplars in seconds are not flattened onto zero', () => {
    const [low, high] = exemplarRange([0.0021, 0.0043]);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(0.0043);
    expect(high).toBeLessThan(0.005);
    expect(exemplarRange([129.99])[0]).toBe(0);
    expect(exemplarRange([])).toEqual([0, 1.08]);
  });
});
