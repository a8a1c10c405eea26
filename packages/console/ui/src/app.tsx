import { api } from './api/client.js';
import { useIncidentsRevision } from './api/incident-changes.js';
import { useLive } from './api/live.js';
import { useApi } from './api/use-api.js';
import { counted, formatBytes, formatCount, plural } from './format.js';
import { AlertsPage } from './pages/alerts-page.js';
import { ComparePage } from './pages/compare-page.js';
import { ErrorGroupPage } from './pages/error-group-page.js';
import { ErrorsPage } from './pages/errors-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { IncidentsPage } from './pages/incidents-page.js';
import { LogsPage } from './pages/logs-page.js';
import { MetricsPage } from './pages/metrics-page.js';
import { ServicesPage } from './pages/services-page.js';
import { SloPage } from './pages/slo-page.js';
import { SlosPage } from './pages/slos-page.js';
import { TracePage } from './pages/trace-page.js';
import { TracesPage } from './pages/traces-page.js';
import { Link, useLocation } from './router.js';

const NAV = [
  { href: '/services', label: 'Services' },
  { href: '/traces', label: 'Traces' },
  { href: '/logs', label: 'Logs' },
  { href: '/metrics', label: 'Metrics' },
  { href: '/errors', label: 'Errors' },
  { href: '/slos', label: 'SLOs' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/incidents', label: 'Incidents' },
  { href: '/compare', label: 'Compare' },
] as const;

function Page({ path }: { path: string }) {
  const parts = path.split('/').filter((part) => part !== '');
  const [section, id] = parts;
  if (section === undefined || section === 'services') return <ServicesPage />;
  if (section === 'traces' && id !== undefined) return <TracePage key={id} traceId={decodeURIComponent(id)} />;
  if (section === 'traces') return <TracesPage />;
  if (section === 'compare') return <ComparePage />;
  if (section === 'logs') return <LogsPage />;
  if (section === 'metrics') return <MetricsPage />;
  if (section === 'errors' && id !== undefined) return <ErrorGroupPage key={id} fingerprint={decodeURIComponent(id)} />;
  if (section === 'errors') return <ErrorsPage />;
  if (section === 'slos' && id !== undefined) return <SloPage key={id} id={decodeURIComponent(id)} />;
  if (section === 'slos') return <SlosPage />;
  if (section === 'alerts') return <AlertsPage />;
  if (section === 'incidents' && id !== undefined && /^[1-9][0-9]*$/.test(id)) return <IncidentPage key={id} id={Number(id)} />;
  if (section === 'incidents' && id === undefined) return <IncidentsPage />;
  return <div className="notice">No page at {path}.</div>;
}

/** Beside "Incidents" in the top bar: how many are open, when any is (polled with the live updates). */
function OpenIncidents() {
  const revision = useIncidentsRevision();
  const open = useApi('incidents:open:count', (signal) => api.incidents({ state: 'open' }, signal), { revision });
  const count = open.data?.incidents.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-count" title={`${counted(count, 'open incident')}`}>
      {count}
    </span>
  );
}

function StoreSize() {
  const stats = useApi('store', (signal) => api.store(signal));
  if (stats.data === undefined) return null;
  const { rows, mode, bytesOnDisk } = stats.data;
  const points = rows.metricPoints + rows.scrapeSamples;
  return (
    <div className="store-size" title={`${counted(rows.spans, 'span')}, ${counted(rows.logs, 'log')}, ${counted(points, 'metric point')}`}>
      <span>{mode === 'memory' ? 'in memory' : formatBytes(bytesOnDisk)}</span>
      <span className="muted">
        {formatCount(rows.spans)} {plural(rows.spans, 'span')} · {formatCount(rows.logs)} {plural(rows.logs, 'log')} · {formatCount(points)}{' '}
        {plural(points, 'point')}
      </span>
    </div>
  );
}

function LiveToggle() {
  const live = useLive();
  const state = live.paused ? 'paused' : live.connected ? 'live' : 'connecting';
  return (
    <button
      type="button"
      className={`live-toggle ${state}`}
      onClick={() => live.setPaused(!live.paused)}
      title={live.paused ? 'resume live updates' : 'pause live updates'}
    >
      <span className="dot" />
      {live.paused ? 'Paused' : 'Live'}
    </button>
  );
}

export function App() {
  const { path } = useLocation();
  const section = `/${path.split('/')[1] ?? ''}`;
  return (
    <div className="app">
      <header className="topbar">
        <Link href="/services" className="brand">
          <span className="logo">◎</span> Sightline
        </Link>
        <nav>
          {NAV.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className={section === item.href || (section === '/' && item.href === '/services') ? 'active' : undefined}
            >
              {item.label}
              {item.href === '/incidents' ? <OpenIncidents /> : null}
            </Link>
          ))}
        </nav>
        <div className="spacer" />
        <StoreSize />
        <LiveToggle />
      </header>
      <main>
        <Page path={path} />
      </main>
    </div>
  );
}
