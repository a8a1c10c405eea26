import type { LogRecord } from '../api/types.js';
import { LogRow } from './log-row.js';

interface LogTableProps {
  readonly logs: readonly LogRecord[];
  readonly error: Error | undefined;
  readonly paused: boolean;
  readonly expanded: ReadonlySet<string>;
  readonly onToggle: (cursor: string) => void;
  /** This view narrowed to one service's lines (its other filters and range kept). */
  readonly serviceHref: (service: string) => string;
}

/** The lines, newest first, each opening to its attributes; or why there are none. */
export function LogTable({ logs, error, paused, expanded, onToggle, serviceHref }: LogTableProps) {
  return (
    <table className="grid logs-table">
      <thead>
        <tr>
          <th className="shrink">time</th>
          <th className="shrink">severity</th>
          <th className="shrink">service</th>
          <th>message</th>
          <th className="shrink">trace</th>
        </tr>
      </thead>
      <tbody>
        {logs.length === 0 ? (
          <tr>
            <td colSpan={5} className="muted empty-logs">
              {error !== undefined
                ? 'No lines shown: the search failed (above).'
                : `No log lines match${paused ? '' : ' yet; new ones appear here as they arrive'}.`}
            </td>
          </tr>
        ) : null}
        {logs.map((log) => (
          <LogRow
            key={log.cursor}
            log={log}
            expanded={expanded.has(log.cursor)}
            onToggle={() => onToggle(log.cursor)}
            serviceHref={serviceHref}
          />
        ))}
      </tbody>
    </table>
  );
}
