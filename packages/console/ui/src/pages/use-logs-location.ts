import { useLocation } from '../router.js';

/** A type, not an interface: it is spread into a link's and a query's parameters. */
export type LogFilters = {
  readonly q: string;
  readonly severity: string;
  readonly service: string;
};

/** A range dragged out on the volume chart (epoch ms, as the URL writes them). */
export interface LogRange {
  readonly since: string;
  readonly until: string;
}

/** What the logs page's URL holds: the filters, a range, and whether the tail is paused. */
export interface LogsLocation {
  readonly filters: LogFilters;
  /** Its newest lines, no tail (it is history). */
  readonly range: LogRange | undefined;
  /** The filters and range as one string: a new one asks for a new first page. */
  readonly key: string;
  /** Paused by the page's button (kept in the URL, so a paused view is a link). */
  readonly tailPaused: boolean;
}

export function useLogsLocation(): LogsLocation {
  const { query } = useLocation();
  const filters = { q: query.get('q') ?? '', severity: query.get('severity') ?? '', service: query.get('service') ?? '' };
  const since = query.get('since');
  const until = query.get('until');
  const range = since !== null && until !== null ? { since, until } : undefined;
  const key = `${filters.q}\u0000${filters.severity}\u0000${filters.service}\u0000${range?.since ?? ''}\u0000${range?.until ?? ''}`;
  return { filters, range, key, tailPaused: query.get('paused') === '1' };
}
