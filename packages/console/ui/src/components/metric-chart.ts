import { compareSeries } from '../../../src/server/store/series-order.js';
import type { MetricPoint } from '../api/types.js';
import { nanosToMs, valueText } from '../format.js';
import type { LineValue } from './chart-gaps.js';
import { type ChartMode, chartValues } from './metric-values.js';
import { type MetricView, seriesMode } from './metric-views.js';

export const SERIES_COLORS = ['#4f9cf9', '#f5a524', '#3ecf8e', '#c084fc', '#f472b6', '#22d3ee', '#facc15', '#fb7185'];
/** Lines one chart draws at most: one color each. */
export const MAX_LINES = SERIES_COLORS.length;

/** A line of the time chart (time-chart.tsx's ChartSeries; restated so this module stays free of JSX for its tests). */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** Per time: a value, null where the series' point has none (a gap), undefined where the series has no point. */
  readonly values: readonly LineValue[];
}

export interface SeriesChoice {
  readonly service: string;
  readonly attributes: Record<string, unknown>;
}

export function seriesLabel(choice: SeriesChoice): string {
  const labels = Object.entries(choice.attributes).map(([key, value]) => `${key}=${valueText(value)}`);
  return labels.length === 0 ? choice.service : `${choice.service} {${labels.join(', ')}}`;
}

function seriesKey(service: string, attributes: Record<string, unknown>): string {
  return JSON.stringify([service, Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))]);
}

interface Group {
  readonly label: string;
  readonly points: MetricPoint[];
}

/**
 * The points per series (label set), the first MAX_LINES in the answer's order, each sorted by
 * time; the lines in the series table's order (a bucket's `le` as a number).
 */
function groupsOf(points: readonly MetricPoint[]): Group[] {
  const groups = new Map<string, Group & SeriesChoice>();
  for (const point of points) {
    const key = seriesKey(point.service, point.attributes);
    let group = groups.get(key);
    if (group === undefined) {
      if (groups.size >= MAX_LINES) continue;
      group = { label: seriesLabel(point), points: [], service: point.service, attributes: point.attributes };
      groups.set(key, group);
    }
    group.points.push(point);
  }
  for (const group of groups.values()) group.points.sort((a, b) => nanosToMs(a.timeUnixNano) - nanosToMs(b.timeUnixNano));
  return [...groups.values()].sort(compareSeries);
}

export interface PointsChart {
  readonly times: number[];
  readonly series: ChartSeries[];
  readonly modes: ChartMode[];
  /** The points of the series drawn (their exemplars are the chart's dots). */
  readonly drawn: MetricPoint[];
}

/**
 * Each line's values on the chart's shared times (the union of its series' times): undefined at
 * the times of other series' points, so the line joins across them (a null there would break it
 * wherever two series are scraped or exported at different instants).
 */
function onTimes(times: number[], lines: { label: string; at: number[]; values: (number | null)[] }[]): ChartSeries[] {
  const position = new Map(times.map((time, index) => [time, index]));
  return lines.map((line, index) => {
    const values: LineValue[] = new Array(times.length).fill(undefined);
    line.at.forEach((time, pointIndex) => {
      values[position.get(time)!] = line.values[pointIndex] ?? null;
    });
    return { label: line.label, color: SERIES_COLORS[index % SERIES_COLORS.length]!, values };
  });
}

/** A line per series, read as `view` says (rate, value or mean). */
export function pointsChart(points: readonly MetricPoint[], view: MetricView): PointsChart {
  const groups = groupsOf(points);
  const modes: ChartMode[] = [];
  const lines = groups.map((group) => {
    const mode = seriesMode(view, group.points);
    modes.push(mode);
    return { label: group.label, at: group.points.map((point) => nanosToMs(point.timeUnixNano)), values: chartValues(group.points, mode) };
  });
  const times = [...new Set(lines.flatMap((line) => line.at))].sort((a, b) => a - b);
  return { times, series: onTimes(times, lines), modes, drawn: groups.flatMap((group) => group.points) };
}

/** An OTLP summary point's quantiles, as stored in its detail. */
function quantilesOf(point: MetricPoint): { quantile: number; value: number }[] {
  const stored = point.detail?.quantileValues;
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (entry): entry is { quantile: number; value: number } =>
      typeof entry === 'object' && entry !== null && typeof entry.quantile === 'number' && typeof entry.value === 'number',
  );
}

/**
 * An OTLP summary's quantiles as the service computed them: a line per series and quantile, as
 * values (a summary's quantiles are not additive: never summed or turned into rates).
 */
export function summaryQuantileChart(points: readonly MetricPoint[]): PointsChart {
  const lines: { label: string; at: number[]; values: (number | null)[] }[] = [];
  const drawn: MetricPoint[] = [];
  for (const group of groupsOf(points)) {
    const byQuantile = new Map<number, { at: number[]; values: number[] }>();
    for (const point of group.points) {
      for (const { quantile, value } of quantilesOf(point)) {
        let line = byQuantile.get(quantile);
        if (line === undefined) {
          line = { at: [], values: [] };
          byQuantile.set(quantile, line);
        }
        line.at.push(nanosToMs(point.timeUnixNano));
        line.values.push(value);
      }
    }
    for (const [quantile, line] of [...byQuantile].sort(([a], [b]) => a - b)) {
      if (lines.length >= MAX_LINES) break;
      lines.push({ label: `q${quantile} ${group.label}`, ...line });
    }
    drawn.push(...group.points);
    if (lines.length >= MAX_LINES) break;
  }
  const times = [...new Set(lines.flatMap((line) => line.at))].sort((a, b) => a - b);
  return { times, series: onTimes(times, lines), modes: ['value'], drawn };
}
