import { useMemo, useRef } from 'react';
import { timeChartData } from './time-chart-data.js';
import type { ChartMarker, ChartSeries } from './time-chart-types.js';
import { useTimePlot } from './use-time-plot.js';

/** The chart's props speak of lines and exemplar dots: their types are part of its surface. */
export type { ChartMarker, ChartSeries } from './time-chart-types.js';

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

const NO_MARKERS: readonly ChartMarker[] = [];

/**
 * A uPlot time series chart that fills its container's width (times in ms). A plot is built once
 * per shape (lines, units, axes, height) and new data is drawn into it (`setData`), as uPlot's own
 * streaming demos do: live updates come every second under scrapes, and a plot built anew for each
 * would drop a drag-zoom under way and move the exemplar dots between two reads of them.
 */
export function TimeChart(props: TimeChartProps) {
  const { times, series, markers = NO_MARKERS, height = 280, unit, markerAxis, bars = false, onZoom } = props;
  const container = useRef<HTMLDivElement>(null);
  const hasMarkerAxis = markerAxis !== undefined;
  const data = useMemo(
    () => timeChartData(times, series, markers, { markerAxis: hasMarkerAxis, bars }),
    [times, series, markers, hasMarkerAxis, bars],
  );
  const { positions, zoomed, resetZoom } = useTimePlot(container, data, { series, unit, markerAxis, bars, height, onZoom });
  return (
    <div className="time-chart">
      <ZoomHint zoomed={zoomed} onReset={resetZoom} />
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

/** One line above the plot, zoomed or not: saying how to zoom and how to undo it moves nothing. */
function ZoomHint({ zoomed, onReset }: { zoomed: boolean; onReset: () => void }) {
  return (
    <div className={zoomed ? 'zoom-hint zoomed' : 'zoom-hint'}>
      {zoomed ? (
        <>
          zoomed · double-click to reset ·{' '}
          <button type="button" className="link" onClick={onReset}>
            reset
          </button>
        </>
      ) : (
        'drag across the chart to zoom'
      )}
    </div>
  );
}
