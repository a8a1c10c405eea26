import { useMemo } from 'react';
import type { ErrorGroup } from '../api/types.js';
import { AgoCell } from '../components/ago-cell.js';
import { ServiceName } from '../components/badges.js';
import { bucketLabel, type ErrorSeries, fillBuckets } from '../components/error-buckets.js';
import { ErrorStatusBadge } from '../components/error-status.js';
import { Sparkline } from '../components/sparkline.js';
import { Link } from '../router.js';
import { type ErrorListView, type ErrorSort, errorListHref } from './error-list-view.js';

interface ErrorsTableProps {
  readonly view: ErrorListView;
  readonly groups: readonly ErrorGroup[];
  readonly windowMs: number;
  /** One bucket size for every row's sparkline, named in the header. */
  readonly bucketMs: number;
}

/** The error groups: type and message, count, occurrences over the window, services, last and first seen. */
export function ErrorsTable({ view, groups, windowMs, bucketMs }: ErrorsTableProps) {
  return (
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
        {groups.map((group) => (
          <ErrorGroupRow key={group.fingerprint} view={view} group={group} windowMs={windowMs} bucketMs={bucketMs} />
        ))}
      </tbody>
    </table>
  );
}

function ErrorGroupRow({
  view,
  group,
  windowMs,
  bucketMs,
}: {
  view: ErrorListView;
  group: ErrorGroup;
  windowMs: number;
  bucketMs: number;
}) {
  return (
    <tr className="error-group-row">
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
          <Link key={service} className="error-service" href={errorListHref({ ...view, service })} title={`only the errors of ${service}`}>
            <ServiceName name={service} />
          </Link>
        ))}
      </td>
      <AgoCell ms={group.lastSeenMs} />
      <AgoCell ms={group.firstSeenMs} />
    </tr>
  );
}

/** A column header that orders the list by it; the current order is marked. */
function SortHeader({ view, sort, label, className }: { view: ErrorListView; sort: ErrorSort; label: string; className?: string }) {
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
