import { Fragment, useState } from 'react';
import { api } from '../api/client.js';
import type { AlertEntry, AlertList } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { AgoCell } from '../components/ago-cell.js';
import { DeclareIncidentForm } from '../components/declare-incident.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { SilencedBadge, SilenceForm, SilenceTable } from '../components/silences.js';
import { spanText } from '../components/slo-coverage.js';
import { formatAgo, formatDateTime } from '../format.js';
import { Link } from '../router.js';

const KIND_LABEL: Record<AlertEntry['kind'], string> = {
  'error-new': 'new error',
  'error-regressed': 'regressed',
  'slo-burn': 'SLO burn',
  incident: 'incident',
};

/** Where the alerts go: the Alertmanager and its last round, or how to send them somewhere. */
function Delivery({ delivery }: { delivery: AlertList['delivery'] }) {
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

type Episode = AlertList['history'][number];

/** The alerts called for now, each with its silence (or a button to make one, when an Alertmanager takes them). */
function CurrentAlerts({ list, onChange }: { list: AlertList; onChange: () => void }) {
  /** The row whose form is open, and which form. */
  const [open, setOpen] = useState<{ key: string; form: 'silence' | 'incident' } | undefined>();
  const keyOf = (alert: AlertEntry) => `${alert.alertname}:${JSON.stringify(alert.labels)}`;
  return (
    <table className="grid alerts-table">
      <thead>
        <tr>
          <th className="shrink">kind</th>
          <th>alert</th>
          <th>labels</th>
          <th className="shrink">since</th>
          <th className="shrink" />
        </tr>
      </thead>
      <tbody>
        {list.alerts.map((alert) => (
          <Fragment key={keyOf(alert)}>
            <tr className={`alert-row alert-${alert.kind}${alert.silencedBy.length > 0 ? ' alert-silenced' : ''}`}>
              <td className="nowrap">
                <span className={`badge alert-kind-${alert.kind}`}>{KIND_LABEL[alert.kind]}</span>
                {alert.severity === null ? null : <span className={`badge alert-severity-${alert.severity}`}>{alert.severity}</span>}
              </td>
              <td>
                {alert.path === null ? <strong>{alert.summary}</strong> : <Link href={alert.path}>{alert.summary}</Link>}
                <div className="muted small">
                  {alert.alertname}
                  {alert.description === '' ? '' : ` · ${alert.description}`}
                  {alert.runbookUrl === null ? null : (
                    <>
                      {' · '}
                      <a className="runbook-link" href={alert.runbookUrl} target="_blank" rel="noopener noreferrer">
                        runbook
                      </a>
                    </>
                  )}
                </div>
              </td>
              <td className="mono small alert-labels">
                {Object.entries(alert.labels).map(([key, value]) => (
                  <span key={key} className="label-pair">
                    {key}={value}
                  </span>
                ))}
              </td>
              <AgoCell ms={alert.startsAtMs} />
              <td className="nowrap alert-actions">
                {alert.silencedBy.length > 0 ? <SilencedBadge ids={alert.silencedBy} silences={list.silences ?? []} /> : null}
                {alert.silencedBy.length === 0 && list.silences !== null && open?.key !== keyOf(alert) ? (
                  <button type="button" className="silence-open" onClick={() => setOpen({ key: keyOf(alert), form: 'silence' })}>
                    Silence…
                  </button>
                ) : null}
                {open?.key !== keyOf(alert) && alert.kind !== 'incident' ? (
                  <button type="button" className="incident-open" onClick={() => setOpen({ key: keyOf(alert), form: 'incident' })}>
                    Incident…
                  </button>
                ) : null}
              </td>
            </tr>
            {open?.key === keyOf(alert) ? (
              <tr className="alert-form-row">
                <td colSpan={5}>
                  {open.form === 'silence' ? (
                    <SilenceForm
                      labels={{ alertname: alert.alertname, ...alert.labels }}
                      onDone={(created) => {
                        setOpen(undefined);
                        if (created) onChange();
                      }}
                    />
                  ) : (
                    <DeclareIncidentForm
                      alerts={[{ alertname: alert.alertname, labels: alert.labels }]}
                      links={alert.runbookUrl === null ? [] : [{ url: alert.runbookUrl, text: 'runbook' }]}
                      defaultTitle={alert.summary}
                      onCancel={() => setOpen(undefined)}
                    />
                  )}
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

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

/** The alert history: each episode with when it started, how long it lasted, and its page. */
function History({ episodes }: { episodes: readonly Episode[] }) {
  if (episodes.length === 0) return <p className="muted">No alert yet: each one is kept here from when it starts to when it ends.</p>;
  return (
    <table className="grid alert-history">
      <thead>
        <tr>
          <th className="shrink">kind</th>
          <th>alert</th>
          <th className="shrink">started</th>
          <th className="shrink num">lasted</th>
        </tr>
      </thead>
      <tbody>
        {episodes.map((episode) => (
          <tr key={`${episode.alertname}:${JSON.stringify(episode.labels)}:${episode.startMs}`} className="episode-row">
            <td className="nowrap">
              <span className={`badge alert-kind-${episode.kind}`}>{KIND_LABEL[episode.kind]}</span>
            </td>
            <td>{episode.path === null ? episode.summary : <Link href={episode.path}>{episode.summary}</Link>}</td>
            <td className="nowrap mono">{formatDateTime(episode.startMs)}</td>
            <td className="nowrap num episode-duration">
              {episode.endMs === null ? (
                <span className="badge alert-kind-error-regressed">firing</span>
              ) : (
                spanText((episode.endMs - episode.startMs) / 1000)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
