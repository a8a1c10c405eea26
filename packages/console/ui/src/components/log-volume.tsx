import { useMemo } from 'react';
import { ApiError, api, type Params } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { plural } from '../format.js';
import { bucketLabel } from './error-buckets.js';
import { volumeBars } from './log-volume-data.js';
import { ErrorNotice } from './notice.js';
import { TimeChart } from './time-chart.js';

/** The window a range-less chart counts: the last hour, following live updates. */
const LIVE_WINDOW = '1h';

/**
 * Log lines per bucket over the last hour (or the range the page holds), with the logs page's
 * filters, errors and warnings drawn over the rest (Grafana's logs volume). Dragging across it
 * asks the page for that range (`onZoom`).
 */
export function LogVolumeChart({
  filters,
  range,
  onZoom,
}: {
  filters: Params;
  range: { since: string; until: string } | undefined;
  onZoom: (fromMs: number, toMs: number) => void;
}) {
  const key = `log-volume:${JSON.stringify(filters)}:${range?.since ?? LIVE_WINDOW}:${range?.until ?? ''}`;
  const volume = useApi(
    key,
    (signal) => api.logVolume({ ...filters, since: range?.since ?? LIVE_WINDOW, until: range?.until }, signal),
    // A range is history: it stays put; the last hour follows what arrives.
    { live: range === undefined },
  );
  const bars = useMemo(() => (volume.data === undefined ? undefined : volumeBars(volume.data)), [volume.data]);
  const series = useMemo(
    () =>
      bars === undefined
        ? []
        : [
            { label: 'lines', color: '#4f9cf9', values: bars.all },
            { label: 'warn and above', color: '#d29922', values: bars.warnAndUp },
            { label: 'error and above', color: '#f85149', values: bars.errorAndUp },
          ],
    [bars],
  );
  // A 400 is a bad filter of the page's, which its own search of the same filters says: once is enough.
  if (volume.error instanceof ApiError && volume.error.status === 400) return null;
  if (volume.error !== undefined) return <ErrorNotice error={volume.error} />;
  if (bars === undefined || volume.data === undefined) return <div className="panel log-volume loading" />;
  const total = bars.all.reduce((sum, count) => sum + count, 0);
  return (
    <div className="panel log-volume" role="img" aria-label="log lines over time">
      <div className="log-volume-title muted small">
        <strong className="log-volume-total">{total.toLocaleString('en-US')}</strong> {plural(total, 'line')}{' '}
        {range === undefined ? 'in the last hour' : 'in this range'}, a bar per {bucketLabel(volume.data.bucketMs)}
      </div>
      {/* A new range is a new chart: no zoom of the previous one carried over. */}
      <TimeChart key={key} times={bars.times} series={series} height={130} bars onZoom={onZoom} />
    </div>
  );
}
