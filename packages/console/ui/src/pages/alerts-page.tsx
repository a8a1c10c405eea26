import { useState } from 'react';
import { api } from '../api/client.js';
import type { AlertList } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { SilenceTable } from '../components/silences.js';
import { Delivery } from './alert-delivery.js';
import { History } from './alert-history.js';
import { CurrentAlerts } from './current-alerts.js';

/** Alertmanager's silences, or why they could not be read. */
function Silences({ list, onChange }: { list: AlertList; onChange: () => void }) {
  if (list.delivery === null) return null;
  return (
    <>
      <h3>Silences</h3>
      {list.silenceError !== null ? (
        <div className="notice error silence-error">Silences could not be read: {list.silenceError}</div>
      ) : (
        <SilenceTable silences={list.silences ?? []} onChange={onChange} />
      )}
    </>
  );
}

/**
 * What the console's own evaluation calls for now: error groups that are new or came back after
 * a resolve, SLOs whose error budget burns too fast; each links to its page.
 */
export function AlertsPage() {
  const [revision, setRevision] = useState(0);
  const alerts = useApi('alerts', (signal) => api.alerts(signal), { revision });
  const changed = () => setRevision((value) => value + 1);
  return (
    <div className="page">
      <div className="page-title">
        <h2>Alerts</h2>
      </div>
      {alerts.error !== undefined ? <ErrorNotice error={alerts.error} /> : null}
      {alerts.data === undefined && alerts.error === undefined ? <Loading /> : null}
      {alerts.data !== undefined ? <Delivery delivery={alerts.data.delivery} /> : null}
      {alerts.data?.alerts.length === 0 ? (
        <Notice>Nothing calls for an alert now: no new or regressed error group, no SLO burning its budget too fast.</Notice>
      ) : null}
      {alerts.data !== undefined && alerts.data.alerts.length > 0 ? <CurrentAlerts list={alerts.data} onChange={changed} /> : null}
      {alerts.data === undefined ? null : <Silences list={alerts.data} onChange={changed} />}
      <h3>History</h3>
      {alerts.data === undefined ? null : <History episodes={alerts.data.history} />}
    </div>
  );
}
