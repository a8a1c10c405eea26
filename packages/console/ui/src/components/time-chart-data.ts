import type uPlot from 'uplot';
import { isolatedPoints, type LineValue, withMissingPointGaps } from './chart-gaps.js';

/** A chart's lines in what the time chart needs of them (time-chart.tsx's ChartSeries). */
interface Line {
  readonly values: readonly LineValue[];
}

/** An exemplar dot: where it goes. */
interface Marker {
  readonly timeMs: number;
  readonly value: number;
}

/** What one update of a time chart draws, in uPlot's terms, and what its ranges and dots read. */
export interface TimeChartData<M extends Marker> {
  /** Times in seconds, then each line's values, then (with a marker axis) the exemplar scale's empty series. */
  readonly aligned: uPlot.AlignedData;
  /** Per line: its points drawn as dots because no line reaches them (isolatedPoints). */
  readonly isolated: readonly (number[] | null)[];
  readonly markers: readonly M[];
  readonly markerSeconds: readonly number[];
  readonly markerValues: readonly number[];
  /** The first and last time in seconds: what uPlot asks the time axis for when it fits the data. */
  readonly extent: [number, number] | undefined;
  /** The time in seconds when there is only one. */
  readonly loneTime: number | undefined;
}

/**
 * The chart's data for uPlot: lines get gaps where their points are missing (chart-gaps.ts); bars
 * are drawn as given (a bar per bucket joins nothing).
 */
export function timeChartData<M extends Marker>(
  times: readonly number[],
  lines: readonly Line[],
  markers: readonly M[],
  options: { readonly markerAxis: boolean; readonly bars: boolean },
): TimeChartData<M> {
  const drawn = options.bars
    ? { times: [...times], lines: lines.map((line) => [...line.values]) }
    : withMissingPointGaps(
        times,
        lines.map((line) => line.values),
      );
  const seconds = drawn.times.map((time) => time / 1000);
  return {
    aligned: [seconds, ...drawn.lines, ...(options.markerAxis ? [seconds.map(() => null)] : [])],
    isolated: options.bars ? lines.map(() => null) : drawn.lines.map(isolatedPoints),
    markers,
    markerSeconds: markers.map((marker) => marker.timeMs / 1000),
    markerValues: markers.map((marker) => marker.value),
    extent: seconds.length === 0 ? undefined : [seconds[0]!, seconds[seconds.length - 1]!],
    loneTime: seconds.length === 1 ? seconds[0] : undefined,
  };
}
