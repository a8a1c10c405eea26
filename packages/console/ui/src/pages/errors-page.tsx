import { api, isMissingRoute } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { bucketFor, seriesBucketMs } from '../components/error-buckets.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { Link } from '../router.js';
import { errorListHref, useErrorListView } from './error-list-view.js';
import { ErrorsTable } from './errors-table.js';
import { ErrorsTitle } from './errors-title.js';
import { MissingErrorsApi } from './missing-errors-api.js';

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<string, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS };

/** Error groups: type, message, count over time, where, when. */
export function ErrorsPage() {
  const view = useErrorListView();
  const { since, status } = view;
  const groups = useApi(`errors:${since}:${status}:${view.sort}:${view.service ?? ''}`, (signal) =>
    api.errors({ since, status: status === 'all' ? undefined : status, sort: view.sort, service: view.service }, signal),
  );
  const windowMs = WINDOW_MS[since] ?? 24 * HOUR_MS;
  // One bucket size for every row (the API's groups share one series resolution), in the header.
  const firstSeries = groups.data?.groups[0]?.series;
  const bucketMs = bucketFor(windowMs, firstSeries === undefined ? HOUR_MS : seriesBucketMs(firstSeries));
  if (isMissingRoute(groups.error)) return <MissingErrorsApi />;
  return (
    <div className="page">
      <ErrorsTitle view={view} />
      {groups.error !== undefined ? <ErrorNotice error={groups.error} /> : null}
      {groups.data === undefined && groups.error === undefined ? <Loading /> : null}
      {groups.data?.groups.length === 0 ? (
        <Notice>
          {status === 'all' ? 'No errors in this window.' : `No ${status} errors in this window.`}
          {status === 'all' ? null : (
            <>
              {' '}
              <Link href={errorListHref({ ...view, status: 'all' })}>All errors</Link>
            </>
          )}
        </Notice>
      ) : null}
      {groups.data !== undefined && groups.data.groups.length > 0 ? (
        <ErrorsTable view={view} groups={groups.data.groups} windowMs={windowMs} bucketMs={bucketMs} />
      ) : null}
    </div>
  );
}
