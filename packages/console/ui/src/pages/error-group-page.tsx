import { api, isMissingRoute } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { AddToIncident } from '../components/add-to-incident.js';
import { ErrorStatusPanel } from '../components/error-status.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { ErrorGroupFacts } from './error-group-facts.js';
import { MissingErrorsApi } from './missing-errors-api.js';
import { OccurrenceChart } from './occurrence-chart.js';
import { OccurrencesTable, OlderOccurrences } from './occurrences-table.js';
import { OCCURRENCES_PER_PAGE, useOlderOccurrences } from './use-older-occurrences.js';

/** One error group: its sample stack, where it happens, and the occurrences with their traces. */
export function ErrorGroupPage({ fingerprint }: { fingerprint: string }) {
  const group = useApi(`error:${fingerprint}`, (signal) => api.errorGroup(fingerprint, { limit: OCCURRENCES_PER_PAGE }, signal));
  const occurrences = useOlderOccurrences(fingerprint, group.data);
  if (isMissingRoute(group.error)) return <MissingErrorsApi />;
  if (group.error !== undefined) return <ErrorNotice error={group.error} />;
  if (group.data === undefined) return <Loading />;
  const detail = group.data;
  const shown = occurrences.shown;
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
      <ErrorGroupFacts detail={detail} />
      <OccurrenceChart series={detail.series} firstSeenMs={detail.firstSeenMs} />
      <h3>Sample stack</h3>
      {detail.sampleStack === null ? <p className="muted">No stack recorded.</p> : <pre className="stack">{detail.sampleStack}</pre>}
      <h3>Occurrences ({occurrences.nextCursor === null ? shown.length : `the newest ${shown.length} of ${detail.count}`})</h3>
      <OccurrencesTable shown={shown} />
      <OlderOccurrences occurrences={occurrences} />
    </div>
  );
}
