import { Link } from '../router.js';
import { type ErrorListView, errorListHref, STATUS_FILTERS } from './error-list-view.js';

const WINDOWS = ['1h', '24h', '7d'];

/** The list's title: the service it is narrowed to, its status filters and its windows. */
export function ErrorsTitle({ view }: { view: ErrorListView }) {
  const hrefWith = (change: Partial<ErrorListView>) => errorListHref({ ...view, ...change });
  return (
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
            className={filter.value === view.status ? 'button active' : 'button'}
            href={hrefWith({ status: filter.value })}
          >
            {filter.label}
          </Link>
        ))}
      </div>
      <div className="title-actions window-filters">
        {WINDOWS.map((window) => (
          <Link key={window} className={window === view.since ? 'button active' : 'button'} href={hrefWith({ since: window })}>
            {window}
          </Link>
        ))}
      </div>
    </div>
  );
}
