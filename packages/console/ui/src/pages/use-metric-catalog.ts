import { useEffect, useMemo } from 'react';
import { api } from '../api/client.js';
import type { MetricInfo } from '../api/types.js';
import { type ApiState, useApi } from '../api/use-api.js';
import { familyHeadOf, type MetricEntry, metricEntries } from '../components/metric-list.js';
import type { MetricKind } from '../components/metric-views.js';
import { hrefOf, navigate } from '../router.js';
import type { MetricsLocation } from './use-metrics-location.js';

export interface MetricCatalog {
  readonly metrics: ApiState<{ metrics: MetricInfo[] }>;
  /** What the list says of the chosen metric. */
  readonly info: MetricInfo | undefined;
  /** What the chosen metric is: undefined until the list says. */
  readonly kind: MetricKind | undefined;
  readonly entries: MetricEntry[];
}

/** The stored metrics, and the chosen one's kind; a scraped histogram's base name is replaced by its buckets' name. */
export function useMetricCatalog({ name, since, selectedText, view, filter }: MetricsLocation): MetricCatalog {
  const metrics = useApi('metrics', (signal) => api.metrics(signal));
  const info = metrics.data?.metrics.find((metric) => metric.name === name);
  // A scraped histogram's base name (the list's label for its family) opens its buckets.
  const familyHead = name === undefined || metrics.data === undefined ? undefined : familyHeadOf(metrics.data.metrics, name);
  useEffect(() => {
    if (familyHead !== undefined)
      navigate(hrefOf('/metrics', { name: familyHead, since, series: selectedText, view, q: filter }), { replace: true });
  }, [familyHead, since, selectedText, view, filter]);
  // What the metric is decides how it is read: until the list says, nothing is fetched to be drawn.
  const kind: MetricKind | undefined =
    info !== undefined ? info : name !== undefined && metrics.data !== undefined ? { name, type: '', source: 'otlp' } : undefined;
  const entries = useMemo(() => metricEntries(metrics.data?.metrics ?? []), [metrics.data]);
  return { metrics, info, kind, entries };
}
