import { formatAgo, formatDateTime } from '../format.js';

/** A table cell with a time as "5m ago", its date and time on hover; '–' when there is none. */
export function AgoCell({ ms }: { ms: number | null }) {
  return (
    <td className="nowrap" title={ms === null ? undefined : formatDateTime(ms)}>
      {ms === null ? '–' : formatAgo(ms)}
    </td>
  );
}
