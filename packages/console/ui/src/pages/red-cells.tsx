import type { ServiceSummary } from '../api/types.js';
import { formatDuration, formatPercent, formatRate } from '../format.js';
import { hrefOf, Link } from '../router.js';

type Red = ServiceSummary['red'];

/**
 * Rate, errors and latencies; the error share opens the failed requests' traces and the p99 the
 * slowest ones (at least that long), of the service or route, in the same window.
 */
export function RedCells({ red, since, service, route }: { red: Red; since: string; service: string; route?: string }) {
  // Server spans: what the figures count (a client span of the service failing on a 4xx is no failed request of it).
  const traces = (filters: { status?: string; minDurationMs?: number }) =>
    hrefOf('/traces', { service, route, kind: 'server', since, ...filters });
  return (
    <>
      <td className="num rate" title={`${formatRate(red.ratePerSecond)} averaged over the whole window (${since})`}>
        {formatRate(red.recentRatePerSecond)}
      </td>
      <td className={red.errorRatio > 0.01 ? 'num text-error' : 'num'}>
        {red.errorRatio > 0 ? (
          <Link className="red-link errors-link" href={traces({ status: 'error' })} title="the traces of the failed requests">
            {formatPercent(red.errorRatio)}
          </Link>
        ) : (
          formatPercent(red.errorRatio)
        )}
      </td>
      <td className="num">{formatDuration(red.p50Ms)}</td>
      <td className="num">{formatDuration(red.p95Ms)}</td>
      <td className="num">
        {red.p99Ms !== null && red.p99Ms > 0 ? (
          <Link
            className="red-link p99-link"
            href={traces({ minDurationMs: Math.floor(red.p99Ms) })}
            title="the slowest requests' traces: at least this long"
          >
            {formatDuration(red.p99Ms)}
          </Link>
        ) : (
          formatDuration(red.p99Ms)
        )}
      </td>
    </>
  );
}
