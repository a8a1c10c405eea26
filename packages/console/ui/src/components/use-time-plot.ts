import { type RefObject, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import { exemplarRange, timeRange, valueRange, zoomedRange } from './chart-range.js';
import type { TimeChartData } from './time-chart-data.js';
import { chartOptions } from './time-chart-options.js';
import type { ChartMarker, ChartSeries, MarkerPosition } from './time-chart-types.js';

export interface TimePlotShape {
  readonly series: readonly ChartSeries[];
  readonly unit: string | undefined;
  readonly markerAxis: { readonly unit?: string } | undefined;
  readonly bars: boolean;
  readonly height: number;
  readonly onZoom: ((fromMs: number, toMs: number) => void) | undefined;
}

export interface TimePlot {
  /** Where the exemplar dots go, once the plot has drawn. */
  readonly positions: MarkerPosition[];
  /** Whether the user has dragged out a time range. */
  readonly zoomed: boolean;
  /** Fits the time axis to the data again. */
  readonly resetZoom: () => void;
}

/**
 * The uPlot in `container`: built once per shape (lines, units, axes, height), new data drawn into
 * it (`setData`); a time range the user dragged out is kept while new data is drawn.
 */
export function useTimePlot(container: RefObject<HTMLDivElement | null>, data: TimeChartData<ChartMarker>, shape: TimePlotShape): TimePlot {
  const { series, unit, markerAxis, bars, height } = shape;
  const onZoomRef = useRef(shape.onZoom);
  onZoomRef.current = shape.onZoom;
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
  const shapeKey = JSON.stringify([
    series.map((line) => [line.label, line.color, line.levels]),
    unit,
    markerAxis !== undefined,
    markerAxis?.unit,
    bars,
    height,
  ]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a plot is built per shape (encoded in `shapeKey`); its data comes from `latest`.
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    return mountPlot(element, shape, { latest, zoom, plotRef, onZoomRef, setZoomed, setPositions });
  }, [shapeKey]);

  useEffect(() => drawData(plotRef.current, data, zoom.current), [data]);

  const resetZoom = () => {
    const { extent } = latest.current;
    if (extent !== undefined) plotRef.current?.setScale('x', { min: extent[0], max: extent[1] });
  };
  return { positions, zoomed, resetZoom };
}

/** What a mounted plot reads and sets as the chart re-renders: the newest data, the zoom, the dots. */
interface PlotState {
  readonly latest: { readonly current: TimeChartData<ChartMarker> };
  readonly zoom: { current: [number, number] | undefined };
  readonly plotRef: { current: uPlot | undefined };
  readonly onZoomRef: { readonly current: TimePlotShape['onZoom'] };
  readonly setZoomed: (zoomed: boolean) => void;
  readonly setPositions: (positions: MarkerPosition[]) => void;
}

/** Builds the plot for `shape` in `element`, with the newest data and the zoom the user chose; answers its teardown. */
function mountPlot(element: HTMLDivElement, shape: TimePlotShape, state: PlotState): () => void {
  const { latest, zoom, plotRef } = state;
  const plot = new uPlot(plotOptions(element, shape, state), latest.current.aligned, element);
  plotRef.current = plot;
  // A new shape (a series came or went) keeps the zoom the user chose.
  if (zoom.current !== undefined) plot.setScale('x', { min: zoom.current[0], max: zoom.current[1] });
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height: shape.height }));
  resize.observe(element);
  return () => {
    resize.disconnect();
    plotRef.current = undefined;
    plot.destroy();
  };
}

/** The plot's options for `shape`; its ranges, dots and points read the newest data from `state`. */
function plotOptions(element: HTMLDivElement, { series, unit, markerAxis, bars, height }: TimePlotShape, state: PlotState): uPlot.Options {
  const { latest, zoom, onZoomRef } = state;
  const hasMarkerAxis = markerAxis !== undefined;
  const onTimeRange = (min: number | null, max: number | null): [number, number] => {
    const { loneTime, markerSeconds, extent } = latest.current;
    // Given one x value, uPlot 1.6 asks for [t, t + 86400 / ms]: 1,000 days with times in
    // seconds (a single scrape drew an axis of years). Hand timeRange the instant itself.
    if (loneTime !== undefined) return timeRange(loneTime, loneTime, markerSeconds);
    zoom.current = zoomedRange(min, max, extent);
    state.setZoomed(zoom.current !== undefined);
    return zoom.current ?? timeRange(min, max, markerSeconds);
  };
  return chartOptions({
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
    onDraw: (plot) => state.setPositions(markerPositions(plot, element, latest.current.markers, hasMarkerAxis)),
    onSelect: (plot) => {
      const { left, width } = plot.select;
      if (width <= 0 || onZoomRef.current === undefined) return;
      onZoomRef.current(plot.posToVal(left, 'x') * 1000, plot.posToVal(left + width, 'x') * 1000);
    },
  });
}

/**
 * Where the exemplar dots go: in .time-chart, where the plot sits below the zoom line; those outside
 * the plot's ranges (zoomed in past them) are not drawn.
 */
function markerPositions(plot: uPlot, element: HTMLElement, markers: readonly ChartMarker[], hasMarkerAxis: boolean): MarkerPosition[] {
  const scale = hasMarkerAxis ? 'exemplar' : 'y';
  const width = plot.bbox.width / devicePixelRatio;
  const plotHeight = plot.bbox.height / devicePixelRatio;
  const left = element.offsetLeft + plot.bbox.left / devicePixelRatio;
  const top = element.offsetTop + plot.bbox.top / devicePixelRatio;
  return markers.flatMap((marker) => {
    const x = plot.valToPos(marker.timeMs / 1000, 'x');
    const y = plot.valToPos(marker.value, scale);
    if (!(x >= -0.5 && x <= width + 0.5 && y >= -0.5 && y <= plotHeight + 0.5)) return [];
    return [{ left: left + x, top: top + y, marker }];
  });
}

/** New data into the plot; zoomed, the time axis stays where the user put it. */
function drawData(plot: uPlot | undefined, data: TimeChartData<ChartMarker>, chosen: [number, number] | undefined): void {
  // A plot just built for this data has drawn it.
  if (plot === undefined || plot.data === data.aligned) return;
  if (chosen === undefined) {
    plot.setData(data.aligned);
    return;
  }
  // Setting the time axis fits the value axes to the new data in that range (uPlot re-ranges its
  // auto scales when the x scale is set).
  plot.setData(data.aligned, false);
  plot.setScale('x', { min: chosen[0], max: chosen[1] });
}
