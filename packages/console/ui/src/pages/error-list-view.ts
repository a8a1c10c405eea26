import { hrefOf, useLocation } from '../router.js';

/** The list's status filters, the API's `status` (`all`: none); unresolved, regressed ones included, by default. */
export const STATUS_FILTERS = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'ignored', label: 'Ignored' },
  { value: 'all', label: 'All' },
] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number]['value'];

function statusFilterOf(value: string | null): StatusFilter {
  return STATUS_FILTERS.find((filter) => filter.value === value)?.value ?? 'unresolved';
}

/** The list's orders (the API's `sort`), as its column headers offer them; most occurrences first by default. */
const SORTS = ['count', 'lastSeen', 'firstSeen'] as const;
export type ErrorSort = (typeof SORTS)[number];

function sortOf(value: string | null): ErrorSort {
  return SORTS.find((sort) => sort === value) ?? 'count';
}

/** The list's filters and order, as its URL holds them (defaults left out). */
export interface ErrorListView {
  readonly since: string;
  readonly status: StatusFilter;
  readonly sort: ErrorSort;
  readonly service: string | undefined;
}

export function useErrorListView(): ErrorListView {
  const { query } = useLocation();
  return {
    since: query.get('since') ?? '24h',
    status: statusFilterOf(query.get('status')),
    sort: sortOf(query.get('sort')),
    service: query.get('service') || undefined,
  };
}

export function errorListHref(view: ErrorListView): string {
  return hrefOf('/errors', {
    since: view.since,
    status: view.status === 'unresolved' ? undefined : view.status,
    sort: view.sort === 'count' ? undefined : view.sort,
    service: view.service,
  });
}
