import { useEffect, useMemo, useRef, useState } from 'react';
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
import type { LineValue } from './chart-gaps.js';
import { exemplarRange, timeRange, valueRange, zoomedRange } from './chart-range.js';
import { levelStroke, type ValueLevel } from './level-stroke.js';
import { timeChartData } from './time-chart-data.js';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /**
   * One entry per `times`: a value; null where the series has none (a gap: its line breaks, as
   * Grafana draws a null); undefined where it has no point (another series has one at that time:
   * its line joins across).
   */
  readonly values: readonly LineValue[];
  /** Set to colour the line by its value (lowest level first); `color` is then its legend's. */
  readonly levels?: readonly ValueLevel[];
}

export interface ChartMarker {
  readonly timeMs: number;
  readonly value: number;
  readonly title: string;
  readonly onSelect: () => void;
}

interface TimeChartProps {
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Exemplars: drawn as dots over the lines, each a button. */
  readonly markers?: readonly ChartMarker[];
  readonly height?: number;
  readonly unit?: string;
  /**
   * Set when the markers are not in the lines' unit (exemplars are measurements, e.g. seconds,
   * beside a rate per second): they get their own axis on the right, labelled with this unit.
   */
  readonly markerAxis?: { readonly unit?: string };
  /** Counts per bucket drawn as bars, from zero. */
  readonly bars?: boolean;
  /**
   * Called with the time range (ms) the user drags out, for a page that then asks for that range
   * itself (the logs page's volume chart narrows the lines listed); the plot zooms to it meanwhile.
   */
  readonly onZoom?: (fromMs: number, toMs: number) => void;
}

interface MarkerPosition {
  readonly left: number;
  readonly top: number;
  readonly marker: ChartMarker;
}

const NO_MARKERS: readonly ChartMarker[] = [];

/**
 * A uPlot time series chart that fills its container's width (times in ms). A plot is built once
 * per shape (lines, units, axes, height) and new data is drawn into it (`setData`), as uPlot's own
 * streaming demos do: live updates come every second under scrapes, and a plot built anew for each
 * would drop a drag-zoom under way and move the exemplar dots between two reads of them.
 */
export function TimeChart(props: TimeChartProps) {
  const { times, series, markers = NO_MARKERS, height = 280, unit, markerAxis, bars = false, onZoom } = props;
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  const container = useRef<HTMLDivElement>(null);
  const hasMarkerAxis = markerAxis !== undefined;
  const data = useMemo(
    () => timeChartData(times, series, markers, { markerAxis: hasMarkerAxis, bars }),
    [times, series, markers, hasMarkerAxis, bars],
  );
  /** The newest data, which the plot's ranges, dots and points read: the plot outlives it. */
  const latest = useRef(data);
  latest.current = data;
  const plotRef = useRef<uPlot | undefined>(undefined);
  const [positions, setPositions] = useState<MarkerPosition[]>([]);
  /**
   * The time range the user dragged out, if any: kept while new data is drawn, until a
   * double-click fits the data again (or the page charts something else: it keys the chart by what it draws).
   */
  const zoom = useRef<[number, number] | undefined>(undefined);
  /** Said while zoomed: how to undo it (nothing on a chart says that a double-click fits the data). */
  const [zoomed, setZoomed] = useState(false);
  /** What a new plot is built for; anything else is data. */
  const shape = JSON.stringify([
    series.map((line) => [line.label, line.color, line.levels]),
    unit,
    hasMarkerAxis,
    markerAxis?.unit,
    bars,
    height,
  ]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a plot is built per shape (encoded in `shape`); its data comes from `latest`.
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const placeMarkers = (plot: uPlot) => {
      // Dots are placed in .time-chart, where the plot sits below the zoom line; those outside the
      // plot's ranges (zoomed in past them) are not drawn.
      const scale = hasMarkerAxis ? 'exemplar' : 'y';
      const width = plot.bbox.width / devicePixelRatio;
      const plotHeight = plot.bbox.height / devicePixelRatio;
      const left = element.offsetLeft + plot.bbox.left / devicePixelRatio;
      const top = element.offsetTop + plot.bbox.top / devicePixelRatio;
      setPositions(
        latest.current.markers.flatMap((marker) => {
          const x = plot.valToPos(marker.timeMs / 1000, 'x');
          const y = plot.valToPos(marker.value, scale);
          if (!(x >= -0.5 && x <= width + 0.5 && y >= -0.5 && y <= plotHeight + 0.5)) return [];
          return [{ left: left + x, top: top + y, marker }];
        }),
      );
    };
    const onTimeRange = (min: number | null, max: number | null): [number, number] => {
      const { loneTime, markerSeconds, extent } = latest.current;
      // Given one x value, uPlot 1.6 asks for [t, t + 86400 / ms]: 1,000 days with times in
      // seconds (a single scrape drew an axis of years). Hand timeRange the instant itself.
      if (loneTime !== undefined) return timeRange(loneTime, loneTime, markerSeconds);
      zoom.current = zoomedRange(min, max, extent);
      setZoomed(zoom.current !== undefined);
      return zoom.current ?? timeRange(min, max, markerSeconds);
    };
    const options = chartOptions({
      width: Math.max(200, element.clientWidth),
      height,
      unit,
      markerAxis,
      bars,
      series,
      onTimeRange,
      valueRange: (min, max) => valueRange(min, max, hasMarkerAxis ? [] : latest.current.markerValues),
      exemplarRange: () => exemplarRange(latest.current.markerValues),
      isolated: (line) => latest.current.isolated[line] ?? null,
      onDraw: placeMarkers,
      onSelect: (plot) => {
        const { left, width } = plot.select;
        if (width <= 0 || onZoomRef.current === undefined) return;
        onZoomRef.current(plot.posToVal(left, 'x') * 1000, plot.posToVal(left + width, 'x') * 1000);
      },
    });
    const plot = new uPlot(options, latest.current.aligned, element);
    plotRef.current = plot;
    // A new shape (a series came or went) keeps the zoom the user chose.
    if (zoom.current !== undefined) plot.setScale('x', { min: zoom.current[0], max: zoom.current[1] });
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plotRef.current = undefined;
      plot.destroy();
    };
  }, [shape]);

  useEffect(() => {
    const plot = plotRef.current;
    // A plot just built for this data has drawn it.
    if (plot === undefined || plot.data === data.aligned) return;
    const chosen = zoom.current;
    if (chosen === undefined) {
      plot.setData(data.aligned);
      return;
    }
    // Zoomed: the time axis stays where the user put it, and setting it fits the value axes to the
    // new data in that range (uPlot re-ranges its auto scales when the x scale is set).
    plot.setData(data.aligned, false);
    plot.setScale('x', { min: chosen[0], max: chosen[1] });
  }, [data]);

  const resetZoom = () => {
    const { extent } = latest.current;
    if (extent !== undefined) plotRef.current?.setScale('x', { min: extent[0], max: extent[1] });
  };

  return (
    <div className="time-chart">
      {/* One line above the plot, zoomed or not: saying how to zoom and how to undo it moves nothing. */}
      <div className={zoomed ? 'zoom-hint zoomed' : 'zoom-hint'}>
        {zoomed ? (
          <>
            zoomed · double-click to reset ·{' '}
            <button type="button" className="link" onClick={resetZoom}>
              reset
            </button>
          </>
        ) : (
          'drag across the chart to zoom'
        )}
      </div>
      <div ref={container} />
      {positions.map(({ left, top, marker }) => (
        <button
          key={`${marker.timeMs}:${marker.value}:${marker.title}`}
          type="button"
          className="exemplar"
          style={{ left, top }}
          title={marker.title}
          aria-label={marker.title}
          onClick={marker.onSelect}
        />
      ))}
    </div>
  );
}

interface ChartOptionsInput {
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
function chartOptions(input: ChartOptionsInput): uPlot.Options {
  const { unit, markerAxis } = input;
  const axisStyle = { stroke: '#8b949e', grid: { stroke: '#30363d55' }, ticks: { stroke: '#30363d' } };
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
    axes: [
      // Room for each tick's label (HH:MM:SS, or HH:MM:SS.mmm zoomed in): labels never overlap on a narrow chart.
      {
        ...axisStyle,
        space: (_plot, _axis, min, max, width) => timeTickSpace(max - min, width),
        values: (_plot, ticks, _axis, _space, increment) => timeTickLabels(ticks, increment),
      },
      {
        ...axisStyle,
        size: labelWidth,
        ...(isByteUnit(unit) ? { incrs: [...BYTE_INCREMENTS] } : input.bars ? { incrs: [...COUNT_INCREMENTS] } : {}),
        // The short bar chart (the log volume, ~60 px of plot): at uPlot's 30 px between ticks the
        // next 1-2-5 step could lie above the top (a top of 19 wants a step of 20) and only "0" was
        // labelled. At 20 px a step within the top always exists (1-2-5 steps are at most 2.5x apart).
        ...(input.bars ? { space: 20 } : {}),
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
    ],
    series: [
      { label: 'time', value: (_plot, value) => (value === null ? '–' : formatDateTime(value * 1000)) },
      ...input.series.map((entry, line) =>
        input.bars
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
              points: { size: 4, filter: (_plot: uPlot, _series: number, show: boolean) => (show ? null : input.isolated(line)) },
              value: (_plot: uPlot, value: number | null) => (value === null ? '–' : valueWithUnit(value, unit)),
            },
      ),
      // The exemplar axis's scale needs a series: an empty one, out of the legend.
      ...(markerAxis === undefined
        ? []
        : [{ label: 'exemplars', scale: 'exemplar', show: true, stroke: 'transparent', value: () => 'diamonds, right axis' }]),
    ],
    hooks: { draw: [input.onDraw], setSelect: [input.onSelect] },
  };
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
