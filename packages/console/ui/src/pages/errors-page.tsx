import { useEffect, useMemo, useRef, useState } from 'react';
import { api, isMissingRoute } from '../api/client.js';
import type { ErrorGroupDetail } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { AddToIncident } from '../components/add-to-incident.js';
import { AgoCell } from '../components/ago-cell.js';
import { ServiceName } from '../components/badges.js';
import { bucketFor, bucketLabel, type ErrorSeries, fillBuckets, GROUP_MIN_WINDOW_MS, seriesBucketMs } from '../components/error-buckets.js';
import { ErrorStatusBadge, ErrorStatusPanel } from '../components/error-status.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { mergeOccurrences } from '../components/occurrence-pages.js';
import { Sparkline } from '../components/sparkline.js';
import { TimeChart } from '../components/time-chart.js';
import { counted, formatDateTime, nanosToMs, plural } from '../format.js';
import { hrefOf, Link, useLocation } from '../router.js';

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<string, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS };
/** The list's status filters, the API's `status` (`all`: none); unresolved, regressed ones included, by default. */
const STATUS_FILTERS = [
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
type Sort = (typeof SORTS)[number];

function sortOf(value: string | null): Sort {
  return SORTS.find((sort) => sort === value) ?? 'count';
}

/** The list's filters and order, as its URL holds them (defaults left out). */
interface ErrorListView {
  readonly since: string;
  readonly status: StatusFilter;
  readonly sort: Sort;
  readonly service: string | undefined;
}

function errorListHref(view: ErrorListView): string {
  return hrefOf('/errors', {
    since: view.since,
    status: view.status === 'unresolved' ? undefined : view.status,
    sort: view.sort === 'count' ? undefined : view.sort,
    service: view.service,
  });
}

/** A column header that orders the list by it; the current order is marked. */
function SortHeader({ view, sort, label, className }: { view: ErrorListView; sort: Sort; label: string; className?: string }) {
  const active = view.sort === sort;
  return (
    <th className={className} aria-sort={active ? 'descending' : undefined}>
      <Link
        className={active ? 'sort-link active' : 'sort-link'}
        href={errorListHref({ ...view, sort })}
        title={`order by ${label}, highest first`}
      >
        {label}
        {active ? ' ▾' : ''}
      </Link>
    </th>
  );
}

function MissingErrorsApi() {
  return (
    <Notice>
      This console does not answer <code>/api/errors</code> yet: error groups appear here once it does. Exceptions are visible meanwhile in
      each span's events.
    </Notice>
  );
}

/** Error groups: type, message, count over time, where, when. */
export function ErrorsPage() {
  const { query } = useLocation();
  const view: ErrorListView = {
    since: query.get('since') ?? '24h',
    status: statusFilterOf(query.get('status')),
    sort: sortOf(query.get('sort')),
    service: query.get('service') || undefined,
  };
  const { since, status } = view;
  const groups = useApi(`errors:${since}:${status}:${view.sort}:${view.service ?? ''}`, (signal) =>
    api.errors({ since, status: status === 'all' ? undefined : status, sort: view.sort, service: view.service }, signal),
  );
  const hrefWith = (change: Partial<ErrorListView>) => errorListHref({ ...view, ...change });
  const windowMs = WINDOW_MS[since] ?? 24 * HOUR_MS;
  // One bucket size for every row (the API's groups share one series resolution), in the header.
  const firstSeries = groups.data?.groups[0]?.series;
  const bucketMs = bucketFor(windowMs, firstSeries === undefined ? HOUR_MS : seriesBucketMs(firstSeries));
  if (isMissingRoute(groups.error)) return <MissingErrorsApi />;
  return (
    <div className="page">
      <div className="page-title">
        <h2>Errors</h2>
        {view.service === undefined ? null : (
          <Link className="button filter-chip" href={hrefWith({ service: undefined })} title="the errors of every service">
            service: {view.service} ✕
          </Link>
        )}
        <div className="title-actions status-filters">
          {STATUS_FILTERS.map((filter) => (
            <Link
              key={filter.value}
              className={filter.value === status ? 'button active' : 'button'}
              href={hrefWith({ status: filter.value })}
            >
              {filter.label}
            </Link>
          ))}
        </div>
        <div className="title-actions window-filters">
          {['1h', '24h', '7d'].map((window) => (
            <Link key={window} className={window === since ? 'button active' : 'button'} href={hrefWith({ since: window })}>
              {window}
            </Link>
          ))}
        </div>
      </div>
      {groups.error !== undefined ? <ErrorNotice error={groups.error} /> : null}
      {groups.data === undefined && groups.error === undefined ? <Loading /> : null}
      {groups.data?.groups.length === 0 ? (
        <Notice>
          {status === 'all' ? 'No errors in this window.' : `No ${status} errors in this window.`}
          {status === 'all' ? null : (
            <>
              {' '}
              <Link href={hrefWith({ status: 'all' })}>All errors</Link>
            </>
          )}
        </Notice>
      ) : null}
      {groups.data !== undefined && groups.data.groups.length > 0 ? (
        <table className="grid errors-table">
          <thead>
            <tr>
              <th>error</th>
              <SortHeader view={view} sort="count" label="count" className="num" />
              <th>per {bucketLabel(bucketMs)}</th>
              <th>services</th>
              <SortHeader view={view} sort="lastSeen" label="last seen" />
              <SortHeader view={view} sort="firstSeen" label="first seen" />
            </tr>
          </thead>
          <tbody>
            {groups.data.groups.map((group) => (
              <tr key={group.fingerprint} className="error-group-row">
                <td>
                  <Link href={`/errors/${encodeURIComponent(group.fingerprint)}`}>
                    <strong className="text-error">{group.type}</strong>
                  </Link>
                  <ErrorStatusBadge status={group.status} />
                  <div className="error-message">{group.message}</div>
                </td>
                <td className="num">{group.count}</td>
                <td>
                  <OccurrenceSparkline
                    series={group.series}
                    fromMs={Date.now() - windowMs}
                    bucketMs={bucketMs}
                    label={`occurrences of ${group.type} per ${bucketLabel(bucketMs)}`}
                  />
                </td>
                <td>
                  {group.services.map((service) => (
                    <Link key={service} className="error-service" href={hrefWith({ service })} title={`only the errors of ${service}`}>
                      <ServiceName name={service} />
                    </Link>
                  ))}
                </td>
                <AgoCell ms={group.lastSeenMs} />
                <AgoCell ms={group.firstSeenMs} />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

type Occurrence = ErrorGroupDetail['occurrences'][number];

/** The pages asked for with "Older occurrences", and where the next one starts. */
interface OlderPages {
  readonly occurrences: readonly Occurrence[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly error: Error | undefined;
}

/**
 * The group's older occurrences, a page per call of `loadOlder`, beside its first page (which
 * live updates refresh). Each older page also keeps the first page as it was then: when new
 * occurrences push its oldest rows out of the refreshed first page, they stay shown, no gap.
 */
function useOlderOccurrences(fingerprint: string, detail: ErrorGroupDetail | undefined) {
  const [older, setOlder] = useState<OlderPages | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another group's page starts without older pages.
  useEffect(() => {
    setOlder(undefined);
    return () => controller.current?.abort();
  }, [fingerprint]);
  const shown = useMemo(() => mergeOccurrences(detail?.occurrences ?? [], older?.occurrences ?? []), [detail, older]);
  const nextCursor = older === undefined ? (detail?.nextCursor ?? null) : older.nextCursor;
  const loadOlder = () => {
    const before = shown.at(-1)?.cursor;
    if (detail === undefined || before === undefined) return;
    const firstPage = detail.occurrences;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setOlder((previous) => ({ occurrences: previous?.occurrences ?? [], nextCursor, loading: true, error: undefined }));
    api.errorGroup(fingerprint, { before, limit: OCCURRENCES_PER_PAGE }, current.signal).then(
      (page) => {
        if (current.signal.aborted) return;
        setOlder((previous) => ({
          occurrences: mergeOccurrences(previous?.occurrences ?? [], firstPage, page.occurrences),
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        }));
      },
      (failure: unknown) => {
        if (current.signal.aborted) return;
        setOlder((previous) => ({ occurrences: previous?.occurrences ?? [], nextCursor, loading: false, error: failure as Error }));
      },
    );
  };
  return { shown, nextCursor, loading: older?.loading === true, error: older?.error, loadOlder };
}

/** As many as the API's first page holds (its default limit). */
const OCCURRENCES_PER_PAGE = 50;

/** One error group: its sample stack, where it happens, and the occurrences with their traces. */
export function ErrorGroupPage({ fingerprint }: { fingerprint: string }) {
  const group = useApi(`error:${fingerprint}`, (signal) => api.errorGroup(fingerprint, { limit: OCCURRENCES_PER_PAGE }, signal));
  const occurrences = useOlderOccurrences(fingerprint, group.data);
  if (isMissingRoute(group.error)) return <MissingErrorsApi />;
  if (group.error !== undefined) return <ErrorNotice error={group.error} />;
  if (group.data === undefined) return <Loading />;
  const detail = group.data;
  const shown = occurrences.shown;
  const versioned = shown.some((occurrence) => occurrence.serviceVersion !== null);
  return (
    <div className="page error-group-page">
      <div className="page-title">
        <h2>
          <span className="text-error">{detail.type}</span>
        </h2>
        <span className="mono muted small">{detail.fingerprint}</span>
        {/* Where the trace page has it: with the page's actions, not squeezed between the status and the facts. */}
        <div className="title-actions">
          <AddToIncident path={`/errors/${encodeURIComponent(detail.fingerprint)}`} text={`error group ${detail.type}`} />
        </div>
      </div>
      <p className="error-message big">{detail.message}</p>
      <ErrorStatusPanel
        fingerprint={detail.fingerprint}
        status={detail.status}
        statusChangedMs={detail.statusChangedMs}
        lastVersion={detail.lastVersion}
      />
      <div className="trace-facts">
        <span>
          <strong>{detail.count}</strong> {plural(detail.count, 'occurrence')}
        </span>
        <span>first {formatDateTime(detail.firstSeenMs)}</span>
        <span>last {formatDateTime(detail.lastSeenMs)}</span>
        <span>services: {detail.services.join(', ') || '–'}</span>
        <span>routes: {detail.routes.join(', ') || '–'}</span>
        {detail.firstVersion === null ? null : (
          <span className="error-versions" title={`service.version seen: ${detail.versions.join(', ')}`}>
            {detail.firstVersion === detail.lastVersion
              ? `version ${detail.firstVersion}`
              : `first in ${detail.firstVersion}, latest in ${detail.lastVersion}`}
            {detail.versions.length > 2 ? ` (${detail.versions.length} versions)` : ''}
          </span>
        )}
      </div>
      <OccurrenceChart series={detail.series} firstSeenMs={detail.firstSeenMs} />
      <h3>Sample stack</h3>
      {detail.sampleStack === null ? <p className="muted">No stack recorded.</p> : <pre className="stack">{detail.sampleStack}</pre>}
      <h3>Occurrences ({occurrences.nextCursor === null ? shown.length : `the newest ${shown.length} of ${detail.count}`})</h3>
      <table className="grid occurrences-table">
        <thead>
          <tr>
            <th className="shrink">time</th>
            <th className="shrink">service</th>
            <th className="shrink">route</th>
            {versioned ? <th className="shrink">version</th> : null}
            <th>message</th>
            <th className="shrink">from</th>
            <th className="shrink">trace</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((occurrence) => (
            <tr key={occurrence.cursor} className="occurrence-row">
              <td className="mono nowrap">{formatDateTime(nanosToMs(occurrence.timeUnixNano))}</td>
              <td className="nowrap">
                <ServiceName name={occurrence.service} />
              </td>
              <td className="nowrap">{occurrence.route ?? '–'}</td>
              {versioned ? <td className="nowrap mono occurrence-version">{occurrence.serviceVersion ?? '–'}</td> : null}
              <td className="error-message">{occurrence.message}</td>
              <td className="nowrap muted" title={counted(occurrence.recordings, 'recording')}>
                {occurrence.sources.join(' + ')}
              </td>
              <td className="nowrap">
                {occurrence.traceId !== '' ? (
                  <Link href={hrefOf(`/traces/${occurrence.traceId}`, { span: occurrence.spanId || undefined })} className="mono">
                    {occurrence.traceId.slice(0, 12)}…
                  </Link>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {occurrences.error !== undefined ? <ErrorNotice error={occurrences.error} /> : null}
      {occurrences.nextCursor !== null ? (
        <p>
          <button
            type="button"
            className="older-occurrences"
            title={`the next ${OCCURRENCES_PER_PAGE} older ones`}
            onClick={occurrences.loadOlder}
            disabled={occurrences.loading}
          >
            {occurrences.loading ? 'Loading older occurrences…' : 'Older occurrences'}
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** Occurrences per bucket since the group's first occurrence (at least the last hour), as bars on time and count axes. */
function OccurrenceChart({ series, firstSeenMs }: { series: ErrorSeries; firstSeenMs: number }) {
  // The API's window (groupBucketMs): its age, at least an hour, so the bucket sizes agree.
  const windowMs = Math.max(GROUP_MIN_WINDOW_MS, Date.now() - firstSeenMs);
  const bucketMs = bucketFor(windowMs, seriesBucketMs(series));
  const fromBucket = Math.floor((Date.now() - windowMs) / bucketMs) * bucketMs;
  const filled = useMemo(() => fillBuckets(series, fromBucket, Date.now(), bucketMs), [series, fromBucket, bucketMs]);
  const label = `occurrences per ${bucketLabel(bucketMs)}`;
  const bars = useMemo(() => [{ label, color: '#f85149', values: filled.counts }], [label, filled]);
  return (
    <div className="panel occurrence-chart" role="img" aria-label={label}>
      <TimeChart times={filled.times} series={bars} height={160} bars />
    </div>
  );
}

function OccurrenceSparkline({
  series,
  fromMs,
  bucketMs,
  label,
}: {
  series: ErrorSeries;
  fromMs: number;
  bucketMs: number;
  label: string;
}) {
  // Aligned to the bucket, so a live refetch a second later draws the same bars.
  const fromBucket = Math.floor(fromMs / bucketMs) * bucketMs;
  const filled = useMemo(() => fillBuckets(series, fromBucket, Date.now(), bucketMs), [series, fromBucket, bucketMs]);
  return <Sparkline times={filled.times} values={filled.counts} color="#f85149" bars width={140} height={28} label={label} />;
}
