import { api, isMissingRoute } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { DependencyGraph } from '../components/dependency-graph.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { hrefOf, Link, useLocation } from '../router.js';
import { ServiceTable } from './service-table.js';

/** Services: RED per service and route (`/api/services`), sparklines and health. */
export function ServicesPage() {
  const { query } = useLocation();
  const since = query.get('since') ?? '1h';
  // The services whose routes are shown, in the URL (`open=`), so a reload or a shared link keeps them.
  const open = query.getAll('open');
  const services = useApi(`services:${since}`, (signal) => api.services({ since }, signal));
  const missing = isMissingRoute(services.error);
  const dependencies = useApi(`dependencies:${since}`, (signal) => api.dependencies({ since }, signal));

  return (
    <div className="page">
      <div className="page-title">
        <h2>Services</h2>
        <div className="title-actions">
          {['15m', '1h', '6h', '24h'].map((window) => (
            <Link
              key={window}
              className={window === since ? 'button active' : 'button'}
              href={hrefOf('/services', { since: window, open })}
            >
              {window}
            </Link>
          ))}
        </div>
      </div>
      {missing ? (
        <Notice>
          This console does not answer <code>/api/services</code>: update it to see RED per service and route.
        </Notice>
      ) : null}
      {services.error !== undefined && !missing ? <ErrorNotice error={services.error} /> : null}
      {services.data === undefined && services.error === undefined ? <Loading /> : null}
      {services.data !== undefined ? <ServiceTable services={services.data.services} since={since} open={open} /> : null}
      <h3>Dependencies</h3>
      {dependencies.error !== undefined && !isMissingRoute(dependencies.error) ? <ErrorNotice error={dependencies.error} /> : null}
      {dependencies.data === undefined && dependencies.error === undefined ? <Loading /> : null}
      {dependencies.data !== undefined && dependencies.data.edges.length === 0 ? (
        <Notice>
          No calls between services in this window: a server or consumer span whose parent is in another service, or a client span with
          db.system.name, makes one.
        </Notice>
      ) : null}
      {dependencies.data !== undefined && dependencies.data.edges.length > 0 ? (
        <DependencyGraph edges={dependencies.data.edges} since={since} />
      ) : null}
    </div>
  );
}
