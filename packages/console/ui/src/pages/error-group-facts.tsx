import type { ErrorGroupDetail } from '../api/types.js';
import { formatDateTime, plural } from '../format.js';

/** How often and when the error happened, where, and in which versions. */
export function ErrorGroupFacts({ detail }: { detail: ErrorGroupDetail }) {
  return (
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
  );
}
