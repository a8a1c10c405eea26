import { describe, expect, it } from 'vitest';
import { timeChartData } from '../ui/src/components/time-chart-data.js';

describe("a time chart's data for uPlot", () => {
  const markers = [{ timeMs: 4_000, value: 0.5 }];

  it('draws lines with their gaps and dots, in seconds, with the exemplar scale’s empty series', () => {
    const data = timeChartData([0, 1_000, 2_000, 3_000, 6_000], [{ values: [1, 2, null, 4, 5] }], markers, {
      markerAxis: true,
      bars: false,
    });
    expect(data.aligned).toEqual([
      [0, 1, 2, 3, 4.5, 6],
      [1, 2, null, 4, null, 5],
      [null, null, null, null, null, null],
    ]);
    expect(data.isolated).toEqual([[3, 5]]);
    expect(data.extent).toEqual([0, 6]);
    expect(data.loneTime).toBeUndefined();
    expect(data.markerSeconds).toEqual([4]);
    expect(data.markerValues).toEqual([0.5]);
  });

  it('draws bars as given: a bar per bucket joins nothing', () => {
    const data = timeChartData([0, 60_000, 300_000], [{ values: [1, 0, 2] }], [], { markerAxis: false, bars: true });
    expect(data.aligned).toEqual([
      [0, 60, 300],
      [1, 0, 2],
    ]);
    expect(data.isolated).toEqual([null]);
  });

  it('says when there is a single time', () => {
    expect(timeChartData([5_000], [{ values: [1] }], [], { markerAxis: false, bars: false }).loneTime).toBe(5);
  });
});
