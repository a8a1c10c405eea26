import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import { formatDateTime } from '../format.js';
import { BYTE_INCREMENTS, formatByteTick, isByteUnit, timeTickLabels, timeTickSpace } from './axis-format.js';
import { exemplarRange, timeRange, valueRange, zoomedRange } from './chart-range.js';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** One value per entry of `times` (null: no point there). */
  readonly values: readonly (number | null)[];
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
}

interface MarkerPosition {
  readonly left: number;
  readonly top: number;
  readonly marker: ChartMarker;
}

const NO_MARKERS: readonly ChartMarker[] = [];

/** What a redraw draws: held still while a button is down on the chart. */
interface Drawn {
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly markers: readonly ChartMarker[];
}

/** A uPlot time series chart that fills its container's width (times in ms). */
export function TimeChart(props: TimeChartProps) {
  const { height = 280, unit, markerAxis, bars = false } = props;
  const container = useRef<HTMLDivElement>(null);
  /**
   * Live updates redraw the chart with a new plot (every second under scrapes): one made while a
   * drag-zoom is under way would drop the drag. The data shown when the button went down stays
   * until it comes up; then the newest is drawn, with the zoom the drag chose.
   */
  const [held, setHeld] = useState<Drawn | undefined>(undefined);
  const { times, series, markers } = held ?? { times: props.times, series: props.series, markers: props.markers ?? NO_MARKERS };
  const [positions, setPositions] = useState<MarkerPosition[]>([]);
  /**
   * The time range the user dragged out, if any: kept while live updates redraw the chart with new
   * data, until a double-click fits the data again (or the page charts something else: it keys
   * the chart by what it draws).
   */
  const zoom = useRef<[number, number] | undefined>(undefined);
  /** Said while zoomed: how to undo it (nothing on a chart says that a double-click fits the data). */
  const [zoomed, setZoomed] = useState(false);
  /** Fits the data again, as uPlot's double-click does. */
  const resetZoom = useRef<() => void>(() => undefined);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const markerValues = markers.map((marker) => marker.value);
    const markerScale = markerAxis === undefined ? 'y' : 'exemplar';
    const loneTime = times.length === 1 ? times[0]! / 1000 : undefined;
    const markerTimes = markers.map((marker) => marker.timeMs / 1000);
    // What uPlot asks the x range for when it fits the data (times are in order), not a zoom.
    const extent: [number, number] | undefined = times.length === 0 ? undefined : [times[0]! / 1000, times[times.length - 1]! / 1000];
    const axisStyle = { stroke: '#8b949e', grid: { stroke: '#30363d55' }, ticks: { stroke: '#30363d' } };
    const placeMarkers = (plot: uPlot) => {
      // Dots are placed in .time-chart, where the plot sits below the zoom line.
      const left = element.offsetLeft + plot.bbox.left / devicePixelRatio;
      const top = element.offsetTop + plot.bbox.top / devicePixelRatio;
      setPositions(
        markers.flatMap((marker) => {
          const x = plot.valToPos(marker.timeMs / 1000, 'x');
          const y = plot.valToPos(marker.value, markerScale);
          if (!Number.isFinite(x) || !Number.isFinite(y)) return [];
          return [{ left: left + x, top: top + y, marker }];
        }),
      );
    };
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height,
        legend: { show: true, live: true },
        cursor: { points: { size: 6 } },
        scales: {
          x: {
            time: true,
            // Given one x value, uPlot 1.6 asks for [t, t + 86400 / ms]: 1,000 days with times in
            // seconds (a single scrape drew an axis of years). Hand timeRange the instant itself.
            range: (_plot, min, max) => {
              if (loneTime !== undefined) return timeRange(loneTime, loneTime, markerTimes);
              zoom.current = zoomedRange(min, max, extent);
              setZoomed(zoom.current !== undefined);
              return zoom.current ?? timeRange(min, max, markerTimes);
            },
          },
          y: { range: (_plot, min, max) => valueRange(min, max, markerAxis === undefined ? markerValues : []) },
          ...(markerAxis === undefined ? {} : { exemplar: { range: () => exemplarRange(markerValues) } }),
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
            ...(isByteUnit(unit) ? { incrs: [...BYTE_INCREMENTS] } : {}),
            values: (_plot, ticks) => ticks.map((tick) => withUnit(tick, unit)),
          },
          ...(markerAxis === undefined
            ? []
            : [
                {
                  scale: 'exemplar',
                  side: 1,
                  ...(isByteUnit(markerAxis.unit) ? { incrs: [...BYTE_INCREMENTS] } : {}),
                  size: labelWidth,
                  stroke: '#f5a524',
                  grid: { show: false },
                  ticks: { stroke: '#30363d' },
                  values: (_plot: uPlot, ticks: number[]) => ticks.map((tick) => withUnit(tick, markerAxis.unit)),
                },
              ]),
        ],
        series: [
          { label: 'time', value: (_plot, value) => (value === null ? '–' : formatDateTime(value * 1000)) },
          ...series.map((entry) =>
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
                  stroke: entry.color,
                  width: 1.5,
                  spanGaps: true,
                  points: { size: 4 },
                  value: (_plot: uPlot, value: number | null) => (value === null ? '–' : withUnit(value, unit)),
                },
          ),
          // The exemplar axis's scale needs a series: an empty one, out of the legend.
          ...(markerAxis === undefined
            ? []
            : [{ label: 'exemplars', scale: 'exemplar', show: true, stroke: 'transparent', value: () => 'dots, right axis' }]),
        ],
        hooks: { draw: [placeMarkers] },
      },
      [
        times.map((time) => time / 1000),
        ...series.map((entry) => entry.values as (number | null)[]),
        ...(markerAxis === undefined ? [] : [times.map(() => null)]),
      ],
      element,
    );
    if (zoom.current !== undefined) plot.setScale('x', { min: zoom.current[0], max: zoom.current[1] });
    resetZoom.current = () => {
      if (extent !== undefined) plot.setScale('x', { min: extent[0], max: extent[1] });
    };
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    const hold = () => {
      setHeld({ times, series, markers });
      document.addEventListener('mouseup', () => setHeld(undefined), { once: true });
    };
    element.addEventListener('mousedown', hold);
    return () => {
      element.removeEventListener('mousedown', hold);
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, markers, height, unit, markerAxis, bars]);

  return (
    <div className="time-chart">
      {/* One line above the plot, zoomed or not: saying how to zoom and how to undo it moves nothing. */}
      <div className={zoomed ? 'zoom-hint zoomed' : 'zoom-hint'}>
        {zoomed ? (
          <>
            zoomed · double-click to reset ·{' '}
            <button type="button" className="link" onClick={() => resetZoom.current()}>
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

/** An axis wide enough for its longest tick label (~7 px per character at the axis font, plus the ticks). */
function labelWidth(_plot: uPlot, values: string[] | null): number {
  const longest = (values ?? []).reduce((width, value) => Math.max(width, value.length), 4);
  return longest * 7 + 20;
}

function withUnit(value: number, unit: string | undefined): string {
  if (unit !== undefined && isByteUnit(unit)) return formatByteTick(value, unit);
  return `${compact(value)}${unit ? ` ${unit}` : ''}`;
}

function compact(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  if (magnitude >= 100 || magnitude === 0) return value.toFixed(0);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
