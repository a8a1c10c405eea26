import uPlot from 'uplot';
import { formatDateTime } from '../format.js';
import {
  BYTE_INCREMENTS,
  COUNT_INCREMENTS,
  formatByteTick,
  isByteUnit,
  numberTickLabels,
  timeTickLabels,
  timeTickSpace,
  valueWithUnit,
} from './axis-format.js';
import { levelStroke } from './level-stroke.js';
import type { ChartSeries } from './time-chart-types.js';

export interface ChartOptionsInput {
  readonly width: number;
  readonly height: number;
  readonly unit: string | undefined;
  readonly markerAxis: { readonly unit?: string } | undefined;
  readonly bars: boolean;
  /** After the user dragged out a range (uPlot's setSelect hook). */
  readonly onSelect: (plot: uPlot) => void;
  readonly series: readonly ChartSeries[];
  readonly onTimeRange: (min: number | null, max: number | null) => [number, number];
  readonly valueRange: (min: number | null, max: number | null) => [number, number];
  readonly exemplarRange: () => [number, number];
  /** A line's points drawn as dots whatever uPlot decides for the rest (index from 0). */
  readonly isolated: (line: number) => number[] | null;
  readonly onDraw: (plot: uPlot) => void;
}

/** The plot's options: axes, scales and series for one shape; the ranges and dots read the newest data through callbacks. */
export function chartOptions(input: ChartOptionsInput): uPlot.Options {
  const { markerAxis } = input;
  return {
    width: input.width,
    height: input.height,
    // A line coloured by value has no one colour for its legend marker: it shows `color`.
    legend: { show: true, live: true, markers: { stroke: (plot, index) => legendColor(plot, index, input.series) } },
    cursor: { points: { size: 6 } },
    scales: {
      x: { time: true, range: (_plot, min, max) => input.onTimeRange(min, max) },
      y: { range: (_plot, min, max) => input.valueRange(min, max) },
      ...(markerAxis === undefined ? {} : { exemplar: { range: () => input.exemplarRange() } }),
    },
    axes: chartAxes(input),
    series: chartSeries(input),
    hooks: { draw: [input.onDraw], setSelect: [input.onSelect] },
  };
}

/** The time axis, the value axis in the lines' unit, and with a marker axis the exemplars' on the right. */
function chartAxes({ unit, markerAxis, bars }: ChartOptionsInput): uPlot.Axis[] {
  const axisStyle = { stroke: '#8b949e', grid: { stroke: '#30363d55' }, ticks: { stroke: '#30363d' } };
  return [
    // Room for each tick's label (HH:MM:SS, or HH:MM:SS.mmm zoomed in): labels never overlap on a narrow chart.
    {
      ...axisStyle,
      space: (_plot, _axis, min, max, width) => timeTickSpace(max - min, width),
      values: (_plot, ticks, _axis, _space, increment) => timeTickLabels(ticks, increment),
    },
    {
      ...axisStyle,
      size: labelWidth,
      ...(isByteUnit(unit) ? { incrs: [...BYTE_INCREMENTS] } : bars ? { incrs: [...COUNT_INCREMENTS] } : {}),
      // The short bar chart (the log volume, ~60 px of plot): at uPlot's 30 px between ticks the
      // next 1-2-5 step could lie above the top (a top of 19 wants a step of 20) and only "0" was
      // labelled. At 20 px a step within the top always exists (1-2-5 steps are at most 2.5x apart).
      ...(bars ? { space: 20 } : {}),
      values: (_plot, ticks, _axis, _space, increment) => tickLabelsWithUnit(ticks, increment, unit),
    },
    ...(markerAxis === undefined
      ? []
      : [
          {
            scale: 'exemplar',
            side: 1,
            ...(isByteUnit(markerAxis.unit) ? { incrs: [...BYTE_INCREMENTS] } : {}),
            size: labelWidth,
            // The exemplars' own colour (styles.css's --exemplar): no line's.
            stroke: '#e6edf3',
            grid: { show: false },
            ticks: { stroke: '#30363d' },
            values: (_plot: uPlot, ticks: number[], _axis: number, _space: number, increment: number) =>
              tickLabelsWithUnit(ticks, increment, markerAxis.unit),
          },
        ]),
  ];
}

/** The time, a bar or line series per line, and with a marker axis the exemplar scale's empty series. */
function chartSeries({ unit, markerAxis, bars, series, isolated }: ChartOptionsInput): uPlot.Series[] {
  return [
    { label: 'time', value: (_plot, value) => (value === null ? '–' : formatDateTime(value * 1000)) },
    ...series.map((entry, line) =>
      bars
        ? {
            label: entry.label,
            stroke: entry.color,
            fill: entry.color,
            width: 0,
            paths: uPlot.paths.bars!({ size: [0.8, 24] }),
            points: { show: false },
          }
        : {
            label: entry.label,
            stroke: entry.levels === undefined ? entry.color : levelStroke(entry.levels),
            width: 1.5,
            // A null is a gap, as Grafana draws it (chart-gaps.ts); a point alone between gaps is a dot.
            spanGaps: false,
            points: { size: 4, filter: (_plot: uPlot, _series: number, show: boolean) => (show ? null : isolated(line)) },
            value: (_plot: uPlot, value: number | null) => (value === null ? '–' : valueWithUnit(value, unit)),
          },
    ),
    // The exemplar axis's scale needs a series: an empty one, out of the legend.
    ...(markerAxis === undefined
      ? []
      : [{ label: 'exemplars', scale: 'exemplar', show: true, stroke: 'transparent', value: () => 'diamonds, right axis' }]),
  ];
}

/** uPlot's legend marker colour (legendStroke), but a line's `color` where its stroke is a gradient. */
function legendColor(plot: uPlot, index: number, series: readonly ChartSeries[]): string {
  const line = series[index - 1];
  if (line !== undefined) return line.color;
  // The exemplar axis's empty series: its own (transparent) stroke.
  const { stroke } = plot.series[index] ?? {};
  const style = typeof stroke === 'function' ? stroke(plot, index) : stroke;
  return typeof style === 'string' ? style : 'transparent';
}

/** An axis wide enough for its longest tick label (~7 px per character at the axis font, plus the ticks). */
function labelWidth(_plot: uPlot, values: string[] | null): number {
  const longest = (values ?? []).reduce((width, value) => Math.max(width, value.length), 4);
  return longest * 7 + 20;
}

/** A value axis's tick labels, in its unit. */
function tickLabelsWithUnit(ticks: readonly number[], increment: number, unit: string | undefined): string[] {
  if (unit !== undefined && isByteUnit(unit)) return ticks.map((tick) => formatByteTick(tick, unit));
  return numberTickLabels(ticks, increment).map((label) => (unit ? `${label} ${unit}` : label));
}
