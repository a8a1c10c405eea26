import { useMemo } from 'react';
import type { SeriesChoice } from '../components/metric-chart.js';
import { hrefOf, useLocation } from '../router.js';

export type MetricsLinkParams = Record<string, string | null | undefined>;

/** What the metrics page's URL holds: the metric, its window, series and view, and the list's filter. */
export interface MetricsLocation {
  readonly name: string | undefined;
  readonly since: string;
  /** The selected series as the URL writes it (JSON of a SeriesChoice), null for all series. */
  readonly selectedText: string | null;
  readonly selected: SeriesChoice | undefined;
  readonly view: string | undefined;
  readonly filter: string;
  /** A link of the page: every one keeps the list's filter. */
  readonly here: (params: MetricsLinkParams) => string;
}

export function useMetricsLocation(): MetricsLocation {
  const { query } = useLocation();
  const name = query.get('name') ?? undefined;
  const since = query.get('since') ?? '1h';
  const selectedText = query.get('series');
  const view = query.get('view') ?? undefined;
  const filter = query.get('q') ?? '';
  const here = (params: MetricsLinkParams) => hrefOf('/metrics', { ...params, q: filter });
  const selected = useMemo(() => (selectedText === null ? undefined : (JSON.parse(selectedText) as SeriesChoice)), [selectedText]);
  return { name, since, selectedText, selected, view, filter, here };
}
