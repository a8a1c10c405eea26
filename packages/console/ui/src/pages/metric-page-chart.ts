import type { MetricPoint, MetricQuantiles } from '../api/types.js';
import { MAX_EXEMPLARS_DRAWN, thinExemplars } from '../components/exemplar-thinning.js';
import { pointsChart, SERIES_COLORS, type SeriesChoice, seriesLabel, summaryQuantileChart } from '../components/metric-chart.js';
import { chartUnits } from '../components/metric-unit.js';
import { chartCaption, type MetricKind, type MetricView } from '../components/metric-views.js';
import type { ChartMarker, ChartSeries } from '../components/time-chart.js';
import { exemplarMarkers } from './exemplar-markers.js';

/** What the metrics page charts: lines, exemplar diamonds, their axes, and the caption under them. */
export interface MetricChart {
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly markers: readonly ChartMarker[];
  /** Exemplars in the window: more than the markers when they were thinned. */
  readonly exemplarCount: number;
  readonly unit: string | undefined;
  readonly markerAxis: { readonly unit?: string | undefined } | undefined;
  readonly note: string;
}

interface MetricChartInput {
  readonly current: MetricView | undefined;
  readonly kind: MetricKind | undefined;
  /** The metric's stored unit. */
  readonly unit: string | null | undefined;
  readonly selected: SeriesChoice | undefined;
  readonly bucketQuantiles: boolean;
  readonly points: { points: MetricPoint[] } | undefined;
  readonly quantiles: MetricQuantiles | undefined;
}

/** The chart of the chosen view, or undefined while what it is drawn from loads. */
export function metricChart({
  current,
  kind,
  unit,
  selected,
  bucketQuantiles,
  points,
  quantiles,
}: MetricChartInput): MetricChart | undefined {
  if (current === undefined || kind === undefined) return undefined;
  if (bucketQuantiles) return quantiles === undefined ? undefined : quantileChart(quantiles, kind.name, unit, selected);
  if (points === undefined) return undefined;
  return pointsReadingChart(points.points, current, kind, unit);
}

/** The points as lines read as `current` says (a summary's quantiles as stored), with their exemplars. */
function pointsReadingChart(
  points: MetricPoint[],
  current: MetricView,
  kind: MetricKind,
  storedUnit: string | null | undefined,
): MetricChart {
  const drawn = current === 'quantiles' ? summaryQuantileChart(points) : pointsChart(points, current);
  // Exemplars are measurements in the metric's unit: they share the lines' axis only when the
  // lines are in that unit too (a histogram's mean, a summary's quantiles, a gauge); beside a rate they get their own.
  // A scraped family stores no unit: its name states it (a `_seconds_bucket` exemplar is in s).
  const units = chartUnits(kind.name, storedUnit);
  const exemplars = exemplarMarkers(
    drawn.drawn.flatMap((point) => point.exemplars),
    units.exemplars,
  );
  const markers = thinExemplars(exemplars, MAX_EXEMPLARS_DRAWN);
  const rates = drawn.modes.every((mode) => mode === 'rate' || mode === 'deltaRate');
  const sameUnit = drawn.modes.every((mode) => mode === 'mean') || current === 'quantiles' || kind.type === 'gauge';
  return {
    times: drawn.times,
    series: drawn.series,
    markers,
    exemplarCount: exemplars.length,
    unit: rates
      ? `${units.values ?? ''}/s`
      : sameUnit
        ? units.exemplars
        : drawn.modes.every((mode) => mode === 'value')
          ? units.values
          : undefined,
    markerAxis: sameUnit || markers.length === 0 ? undefined : { unit: units.exemplars },
    note: chartCaption(current, kind, drawn.modes),
  };
}

/**
 * A histogram (a scraped family's `_bucket` series, or an OTLP histogram) as p50, p95 and p99
 * lines per interval (every series of the selection summed per bound), in its unit (stored, or
 * stated by a scraped name); its exemplars are measurements in that unit, on the same axis.
 */
function quantileChart(
  answer: MetricQuantiles,
  name: string,
  storedUnit: string | null | undefined,
  selected: SeriesChoice | undefined,
): MetricChart {
  const unit = chartUnits(name, storedUnit).exemplars;
  const exemplars = exemplarMarkers(answer.exemplars, unit);
  const markers = thinExemplars(exemplars, MAX_EXEMPLARS_DRAWN);
  const observed = (answer.quantiles[0]?.values ?? []).filter((value) => value !== null).length;
  const scope =
    selected === undefined ? 'all series' : seriesLabel({ service: selected.service, attributes: withoutLe(selected.attributes) });
  const series: ChartSeries[] = answer.quantiles.map((line, index) => ({
    label: `p${Math.round(line.quantile * 1000) / 10} ${scope}`,
    color: SERIES_COLORS[index % SERIES_COLORS.length]!,
    values: line.values,
  }));
  return {
    times: answer.times,
    series,
    markers,
    exemplarCount: exemplars.length,
    unit,
    markerAxis: undefined,
    note:
      `Charted as p50, p95 and p99 of each interval with observations (${observed} in this window): the buckets' increase, ${selected === undefined ? 'every series' : 'the selected series'} summed per bound, ` +
      "interpolated inside the bucket the rank falls in (PromQL's histogram_quantile). A rank in the +Inf bucket reads as the highest finite bound.",
  };
}

function withoutLe(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== 'le'));
}
