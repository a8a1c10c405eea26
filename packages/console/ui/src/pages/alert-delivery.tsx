import type { AlertList } from '../api/types.js';
import { Notice } from '../components/notice.js';
import { formatAgo } from '../format.js';

/** Where the alerts go: the Alertmanager and its last round, or how to send them somewhere. */
export function Delivery({ delivery }: { delivery: AlertList['delivery'] }) {
  if (delivery === null) {
    return (
      <Notice>
        These alerts are shown here only. Start the console with <code>--alertmanager URL</code> to send them to Alertmanager, which routes,
        groups, silences and notifies.
      </Notice>
    );
  }
  if (delivery.lastError !== null) {
    return (
      <div className="notice error alert-delivery">
        Sending to Alertmanager at <code>{delivery.url}</code> failed: {delivery.lastError}. The console keeps trying every round.
      </div>
    );
  }
  return (
    <p className="muted alert-delivery">
      Sent to Alertmanager at <code>{delivery.url}</code>
      {delivery.lastSentMs === null ? ' (first round under way)' : `, last round ${formatAgo(delivery.lastSentMs)}`}: it routes, groups,
      silences and notifies.
    </p>
  );
}
