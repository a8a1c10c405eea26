import { useMemo } from 'react';
import { compareSeries } from '../../../src/server/store/series-order.js';
import { api } from '../api/client.js';
import type { MetricPoint, MetricQuantiles, MetricSeriesEntry } from '../api/types.js';
import { type ApiState, useApi } from '../api/use-api.js';
import { MAX_LINES } from '../components/metric-chart.js';
import { type MetricView, metricViews, pickView } from '../components/metric-views.js';
import { valueText } from '../format.js';
import { type MetricChart, metricChart } from './metric-page-chart.js';
import type { MetricCatalog } from './use-metric-catalog.js';
import type { MetricsLocation } from './use-metrics-location.js';

export interface MetricReadings {
  /** The readings of the metric, its default first. */
  readonly views: readonly MetricView[];
  readonly current: MetricView | undefined;
  /** Whether the chart is a histogram's buckets read as quantiles by the API. */
  readonly bucketQuantiles: boolean;
  /** Whether the metric is an OTLP histogram (its quantiles come from exports, not scrapes). */
  readonly otlpHistogram: boolean;
  readonly series: ApiState<{ series: MetricSeriesEntry[] }>;
  readonly sortedSeries: readonly MetricSeriesEntry[];
  readonly points: ApiState<{ points: MetricPoint[]; truncated: boolean }>;
  readonly quantiles: ApiState<MetricQuantiles>;
  /** Undefined while what it is drawn from loads. */
  readonly chart: MetricChart | undefined;
}

/** The chosen metric's series, and its points (or its buckets' quantiles) in the chosen view, as a chart. */
export function useMetricReadings(at: MetricsLocation, { kind, info }: MetricCatalog): MetricReadings {
  const { name, since, selected, selectedText } = at;
  const views = kind === undefined ? [] : metricViews(kind);
  const current = kind === undefined ? undefined : pickView(views, at.view);
  // A histogram's buckets are read as quantiles by the API (PromQL's histogram_quantile): a
  // scraped family's `_bucket` samples, or an OTLP histogram. An OTLP summary's quantiles are in its points.
  const bucketQuantiles = current === 'quantiles' && kind?.type !== 'summary';
  const series = useApi(name === undefined ? null : `series:${name}:${since}`, (signal) => api.metricSeries(name!, { since }, signal));
  const attributeParams = useMemo(() => {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(selected?.attributes ?? {})) params[`attr.${key}`] = valueText(value);
    return params;
  }, [selected]);
  // All series: the server sends the first MAX_LINES (the series table's order), not every point of every series.
  const points = useApi(current === undefined || bucketQuantiles ? null : `points:${name}:${since}:${selectedText ?? ''}`, (signal) =>
    api.metricPoints(
      name!,
      { since, service: selected?.service, ...attributeParams, maxSeries: selected === undefined ? MAX_LINES : undefined },
      signal,
    ),
  );
  // The server sums the buckets per step (the selected label set's `le` is ignored: every bucket counts).
  const quantiles = useApi(bucketQuantiles ? `quantiles:${name}:${since}:${selectedText ?? ''}` : null, (signal) =>
    api.metricQuantiles(name!, { since, service: selected?.service, ...attributeParams }, signal),
  );
  const chart = useMemo(
    () => metricChart({ current, kind, unit: info?.unit, selected, bucketQuantiles, points: points.data, quantiles: quantiles.data }),
    [points.data, quantiles.data, bucketQuantiles, current, kind, selected, info?.unit],
  );
  const sortedSeries = useMemo(() => [...(series.data?.series ?? [])].sort(compareSeries), [series.data]);
  const otlpHistogram = kind?.source === 'otlp' && kind.type !== 'summary' && views.includes('quantiles');
  return { views, current, bucketQuantiles, otlpHistogram, series, sortedSeries, points, quantiles, chart };
}
