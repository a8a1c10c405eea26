import { useMemo } from 'react';
import type { ServiceSummary } from '../api/types.js';
import { Sparkline } from '../components/sparkline.js';
import { sparklineWindow, wholeBuckets } from '../components/sparkline-window.js';
import { formatTime } from '../format.js';

/**
 * Requests and p95 per whole minute (not the one under way). A service whose first request is inside the window (a fresh
 * console) is drawn from that minute, not as a sliver at the right edge: the title says since when.
 */
export function ServiceSparklines({ service }: { service: ServiceSummary }) {
  const series = service.series;
  const drawn = useMemo(() => {
    if (series === undefined) return undefined;
    // Both lines over the same whole minutes: the p95 of part of a minute is over fewer requests.
    const whole = wholeBuckets(series);
    const timesMs = series.timesMs.slice(whole.start, whole.end);
    const requests = series.requests.slice(whole.start, whole.end);
    const p95Ms = series.p95Ms.slice(whole.start, whole.end);
    const { start, sinceMs } = sparklineWindow(timesMs, requests);
    return {
      timesMs: timesMs.slice(start),
      requests: requests.slice(start),
      p95Ms: p95Ms.slice(start),
      title: sinceMs === undefined ? undefined : `since ${formatTime(sinceMs)} (the first minute with requests in this window)`,
    };
  }, [series]);
  if (drawn === undefined) return <td colSpan={2} />;
  return (
    <>
      <td title={drawn.title}>
        <Sparkline times={drawn.timesMs} values={drawn.requests} label={`requests of ${service.name}`} />
      </td>
      <td title={drawn.title}>
        <Sparkline times={drawn.timesMs} values={drawn.p95Ms} color="#f5a524" label={`p95 of ${service.name}`} />
      </td>
    </>
  );
}
