import { useMemo } from 'react';
import { useLive } from '../api/live.js';
import { LogVolumeChart } from '../components/log-volume.js';
import { ErrorNotice } from '../components/notice.js';
import { formatDateTime } from '../format.js';
import { hrefOf, navigate } from '../router.js';
import { LogSearchForm } from './log-search-form.js';
import { LogTable } from './log-table.js';
import { LogTailButton } from './log-tail-button.js';
import { useExpandedLines } from './use-expanded-lines.js';
import { useLogDraft } from './use-log-draft.js';
import { useLogLines } from './use-log-lines.js';
import { useLogsLocation } from './use-logs-location.js';

/**
 * Logs: the newest lines matching the filters, then a live tail (server-sent events from
 * `/api/logs?follow=true`) merging new ones in at their time until paused. Filters live in the URL.
 */
export function LogsPage() {
  const at = useLogsLocation();
  const { filters, range } = at;
  const live = useLive();
  // Paused by the page's button (kept in the URL, so a paused view is a link) or by the header's live switch.
  const paused = at.tailPaused || live.paused || range !== undefined;
  const { expanded, toggle } = useExpandedLines();
  const [draft, setDraft] = useLogDraft(at);
  const { logs, error } = useLogLines(at, paused);
  const zoom = (fromMs: number, toMs: number) =>
    navigate(hrefOf('/logs', { ...filters, since: Math.floor(fromMs), until: Math.ceil(toMs) }));
  const services = useMemo(() => [...new Set(logs.map((log) => log.service))].sort(), [logs]);

  return (
    <div className="page">
      <LogSearchForm draft={draft} onDraft={setDraft} range={range} services={services}>
        <LogTailButton at={at} paused={paused} searchFailed={error !== undefined} />
      </LogSearchForm>
      <LogVolumeChart filters={filters} range={range} onZoom={zoom} />
      {range !== undefined ? (
        <p className="range-note muted small">
          The newest 200 lines from {formatDateTime(Number(range.since))} to {formatDateTime(Number(range.until))}: drag across the chart to
          narrow it.
        </p>
      ) : null}
      {error !== undefined ? <ErrorNotice error={error} /> : null}
      <LogTable
        logs={logs}
        error={error}
        paused={paused}
        expanded={expanded}
        onToggle={toggle}
        serviceHref={(service) => hrefOf('/logs', { ...filters, ...range, service })}
      />
    </div>
  );
}
