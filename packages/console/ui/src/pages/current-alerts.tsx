import { Fragment, useState } from 'react';
import type { AlertEntry, AlertList } from '../api/types.js';
import { AgoCell } from '../components/ago-cell.js';
import { DeclareIncidentForm } from '../components/declare-incident.js';
import { SilencedBadge, SilenceForm } from '../components/silences.js';
import { Link } from '../router.js';
import { KIND_LABEL } from './alert-kind-label.js';

/** The row whose form is open, and which form. */
type OpenForm = { key: string; form: 'silence' | 'incident' } | undefined;

const keyOf = (alert: AlertEntry) => `${alert.alertname}:${JSON.stringify(alert.labels)}`;

/** The alerts called for now, each with its silence (or a button to make one, when an Alertmanager takes them). */
export function CurrentAlerts({ list, onChange }: { list: AlertList; onChange: () => void }) {
  const [open, setOpen] = useState<OpenForm>();
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
            <AlertRow alert={alert} list={list} open={open} onOpen={setOpen} />
            {open?.key === keyOf(alert) ? (
              <AlertFormRow alert={alert} form={open.form} onClose={() => setOpen(undefined)} onChange={onChange} />
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

interface AlertRowProps {
  readonly alert: AlertEntry;
  readonly list: AlertList;
  readonly open: OpenForm;
  readonly onOpen: (open: OpenForm) => void;
}

function AlertRow({ alert, list, open, onOpen }: AlertRowProps) {
  return (
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
      <AlertActions alert={alert} list={list} open={open} onOpen={onOpen} />
    </tr>
  );
}

/** The alert's silence, or the buttons that open a silence or incident form for it. */
function AlertActions({ alert, list, open, onOpen }: AlertRowProps) {
  return (
    <td className="nowrap alert-actions">
      {alert.silencedBy.length > 0 ? <SilencedBadge ids={alert.silencedBy} silences={list.silences ?? []} /> : null}
      {alert.silencedBy.length === 0 && list.silences !== null && open?.key !== keyOf(alert) ? (
        <button type="button" className="silence-open" onClick={() => onOpen({ key: keyOf(alert), form: 'silence' })}>
          Silence…
        </button>
      ) : null}
      {open?.key !== keyOf(alert) && alert.kind !== 'incident' ? (
        <button type="button" className="incident-open" onClick={() => onOpen({ key: keyOf(alert), form: 'incident' })}>
          Incident…
        </button>
      ) : null}
    </td>
  );
}

interface AlertFormRowProps {
  readonly alert: AlertEntry;
  readonly form: 'silence' | 'incident';
  readonly onClose: () => void;
  /** A silence was made: the list is asked again. */
  readonly onChange: () => void;
}

/** Under an alert: the form that silences it, or declares an incident for it. */
function AlertFormRow({ alert, form, onClose, onChange }: AlertFormRowProps) {
  return (
    <tr className="alert-form-row">
      <td colSpan={5}>
        {form === 'silence' ? (
          <SilenceForm
            labels={{ alertname: alert.alertname, ...alert.labels }}
            onDone={(created) => {
              onClose();
              if (created) onChange();
            }}
          />
        ) : (
          <DeclareIncidentForm
            alerts={[{ alertname: alert.alertname, labels: alert.labels }]}
            links={alert.runbookUrl === null ? [] : [{ url: alert.runbookUrl, text: 'runbook' }]}
            defaultTitle={alert.summary}
            onCancel={onClose}
          />
        )}
      </td>
    </tr>
  );
}
