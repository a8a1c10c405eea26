import type { LogRecord } from '../api/types.js';
import { attributeSummary, valueText } from '../format.js';

/**
 * A log line's message, then its attributes as `key=value` on the rest of the first line (cut
 * with an ellipsis; hover shows them all). For a `td.log-body` of a `logs-table`.
 */
export function LogLine({ log }: { log: LogRecord }) {
  const attributes = attributeSummary(log.attributes, log.service);
  return (
    <div className="log-line">
      <span className="log-message">{valueText(log.body)}</span>
      {attributes === '' ? null : (
        <span className="log-attrs" title={attributes}>
          {attributes}
        </span>
      )}
    </div>
  );
}
