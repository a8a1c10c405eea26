import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { SlosTable } from './slos-table.js';

/** SLOs of the console's spec files, least budget left first. */
export function SlosPage() {
  const slos = useApi('slos', (signal) => api.slos(signal));
  return (
    <div className="page">
      <div className="page-title">
        <h2>SLOs</h2>
      </div>
      {slos.error !== undefined ? <ErrorNotice error={slos.error} /> : null}
      {slos.data === undefined && slos.error === undefined ? <Loading /> : null}
      {slos.data !== undefined && slos.data.slos.length === 0 && slos.data.untracked.length === 0 ? (
        <Notice>
          No SLOs: start the console with <code>--slo sightline.slo.yaml</code> (or a Sloth <code>prometheus/v1</code> file).
        </Notice>
      ) : null}
      {slos.data !== undefined && slos.data.slos.length > 0 ? <SlosTable slos={slos.data.slos} /> : null}
      {slos.data !== undefined && slos.data.untracked.length > 0 ? (
        <>
          <h3>Computed by Prometheus only</h3>
          <ul className="muted">
            {slos.data.untracked.map((slo) => (
              <li key={slo.id}>
                {slo.service} / {slo.name}: {slo.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
