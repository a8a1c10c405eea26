import { ServiceName } from '../components/badges.js';
import { ErrorNotice } from '../components/notice.js';
import { counted, formatDateTime, nanosToMs } from '../format.js';
import { hrefOf, Link } from '../router.js';
import { OCCURRENCES_PER_PAGE, type Occurrence, type Occurrences } from './use-older-occurrences.js';

/** The occurrences shown, each with its trace; the version column once any occurrence names one. */
export function OccurrencesTable({ shown }: { shown: readonly Occurrence[] }) {
  const versioned = shown.some((occurrence) => occurrence.serviceVersion !== null);
  return (
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
          <OccurrenceRow key={occurrence.cursor} occurrence={occurrence} versioned={versioned} />
        ))}
      </tbody>
    </table>
  );
}

function OccurrenceRow({ occurrence, versioned }: { occurrence: Occurrence; versioned: boolean }) {
  return (
    <tr className="occurrence-row">
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
  );
}

/** Why the older page failed, and the button that asks for it while there is one. */
export function OlderOccurrences({ occurrences }: { occurrences: Occurrences }) {
  return (
    <>
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
    </>
  );
}
