import { ErrorNotice, Loading } from '../components/notice.js';
import { TraceResultsTable } from './trace-results-table.js';
import { TraceSearchForm } from './trace-search-form.js';
import { useTraceSearch } from './use-trace-search.js';

/** Trace search: the form's fields live in the URL; results with duration bars. */
export function TracesPage() {
  const { values, key, malformed, result } = useTraceSearch();
  return (
    <div className="page">
      <TraceSearchForm values={values} searchKey={key} />
      {malformed.length > 0 ? (
        <div className="notice error attrs-notice">
          Attributes: expected <code>key=value</code>, got {malformed.map((part) => JSON.stringify(part)).join(', ')}. Nothing was searched.
        </div>
      ) : null}
      {result.error !== undefined ? <ErrorNotice error={result.error} /> : null}
      {malformed.length === 0 && result.data === undefined && result.error === undefined ? <Loading /> : null}
      {result.data !== undefined ? <TraceResultsTable traces={result.data.traces} /> : null}
    </div>
  );
}
