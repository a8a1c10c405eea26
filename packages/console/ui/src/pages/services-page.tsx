import { Fragment, useMemo } from 'react';
import { api, isMissingRoute } from '../api/client.js';
import type { ServiceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ServiceName } from '../components/badges.js';
import { DependencyGraph } from '../components/dependency-graph.js';
import { healthReason } from '../components/health-reason.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { routeLabel } from '../components/route-label.js';
import { Sparkline } from '../components/sparkline.js';
import { sparklineWindow, wholeBuckets } from '../components/sparkline-window.js';
import { toggled } from '../components/toggled.js';
import { formatDuration, formatPercent, formatRate, formatTime } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

type Red = ServiceSummary['red'];

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

function ServiceTable({ services, since, open }: { services: readonly ServiceSummary[]; since: string; open: readonly string[] }) {
  if (services.length === 0) return <Notice>No server spans in this window yet. Point an OTLP exporter at the console.</Notice>;
  const toggle = (name: string) =>
    navigate(hrefOf('/services', { since: since === '1h' ? undefined : since, open: toggled(open, name) }), {
      replace: true,
      keepScroll: true,
    });
  return (
    <table className="grid services-table">
      <thead>
        <tr>
          <th>service / route</th>
          <th>health</th>
          <th className="num" title={RATE_TITLE}>
            rate, last 5 min
          </th>
          <th className="num">errors</th>
          <th className="num">p50</th>
          <th className="num">p95</th>
          <th className="num">p99</th>
          <th>requests</th>
          <th>p95 latency</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <Fragment key={service.name}>
            <tr className="service-row">
              <td>
                <button type="button" className="toggle" onClick={() => toggle(service.name)} aria-label={`routes of ${service.name}`}>
                  {open.includes(service.name) ? '▾' : '▸'}
                </button>
                <Link href={hrefOf('/traces', { service: service.name, since })}>
                  <ServiceName name={service.name} />
                </Link>
                <Link
                  className="service-error-groups muted small"
                  href={hrefOf('/errors', { service: service.name })}
                  title={`the error groups of ${service.name}`}
                >
                  error groups
                </Link>
              </td>
              <td>
                <HealthBadge health={service.health} />
              </td>
              <RedCells red={service.red} since={since} service={service.name} />
              <ServiceSparklines service={service} />
            </tr>
            {open.includes(service.name)
              ? service.routes.map((route) => (
                  <tr key={`${service.name}:${route.route}`} className="route-row">
                    <td className="indent">
                      <RouteName service={service.name} route={route.route} since={since} />
                    </td>
                    <td />
                    <RedCells red={route} since={since} service={service.name} route={route.route} />
                    <td colSpan={2} />
                  </tr>
                ))
              : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The rate column is the current rate, as Grafana's RED panels show it (rate over 5 minutes): the
 * window's average reads a third of the traffic after a service was down for 40 minutes of an hour.
 */
const RATE_TITLE =
  "Requests per second over the window's last 5 minutes: the current rate. Hover a rate for the average over the whole window; errors and latencies are over the whole window.";

/**
 * Rate, errors and latencies; the error share opens the failed requests' traces and the p99 the
 * slowest ones (at least that long), of the service or route, in the same window.
 */
function RedCells({ red, since, service, route }: { red: Red; since: string; service: string; route?: string }) {
  // Server spans: what the figures count (a client span of the service failing on a 4xx is no failed request of it).
  const traces = (filters: { status?: string; minDurationMs?: number }) =>
    hrefOf('/traces', { service, route, kind: 'server', since, ...filters });
  return (
    <>
      <td className="num rate" title={`${formatRate(red.ratePerSecond)} averaged over the whole window (${since})`}>
        {formatRate(red.recentRatePerSecond)}
      </td>
      <td className={red.errorRatio > 0.01 ? 'num text-error' : 'num'}>
        {red.errorRatio > 0 ? (
          <Link className="red-link errors-link" href={traces({ status: 'error' })} title="the traces of the failed requests">
            {formatPercent(red.errorRatio)}
          </Link>
        ) : (
          formatPercent(red.errorRatio)
        )}
      </td>
      <td className="num">{formatDuration(red.p50Ms)}</td>
      <td className="num">{formatDuration(red.p95Ms)}</td>
      <td className="num">
        {red.p99Ms !== null && red.p99Ms > 0 ? (
          <Link
            className="red-link p99-link"
            href={traces({ minDurationMs: Math.floor(red.p99Ms) })}
            title="the slowest requests' traces: at least this long"
          >
            {formatDuration(red.p99Ms)}
          </Link>
        ) : (
          formatDuration(red.p99Ms)
        )}
      </td>
    </>
  );
}

/** A route's row: its template, or for requests no route matched the method "(no route)"; it opens their traces. */
function RouteName({ service, route, since }: { service: string; route: string; since: string }) {
  const label = routeLabel(route);
  return (
    <Link
      href={hrefOf('/traces', { service, route, since })}
      className={label.unmatched ? 'unmatched-route' : undefined}
      title={label.unmatched ? 'requests no route matched (404s): their spans carry no http.route, only the method' : undefined}
    >
      {label.text}
    </Link>
  );
}

/** The health badge, and under a service that does not pass, why (its failing checks) in words. */
function HealthBadge({ health }: { health: ServiceSummary['health'] }) {
  if (health === undefined) return <span className="muted small">not scraped</span>;
  const reason = healthReason(health);
  return (
    <>
      <span className={`badge health-${health.status}`} title={reason?.full ?? health.url ?? undefined}>
        {health.status}
      </span>
      {reason !== undefined ? (
        <div className="health-reason muted small" title={reason.full}>
          {reason.text}
        </div>
      ) : null}
    </>
  );
}

/**
 * Requests and p95 per whole minute (not the one under way). A service whose first request is inside the window (a fresh
 * console) is drawn from that minute, not as a sliver at the right edge: the title says since when.
 */
function ServiceSparklines({ service }: { service: ServiceSummary }) {
  const series = service.series;
  const drawn = useMemo(() => {
    if (series === undefined) return undefined;
    // Both lines over the same whole minutes: the p95 of part of a minute is over fewer requests.
    const whole = wholeBuckets(series);
    const timesMs = series.timesMs.slice(whole.start, whole.end);
    const requests = series.requests.slice(whole.start, whole.end);
    const p95Ms = series.p95Ms.slice(whole.start, whole.end);
    const { start, sinceMs } = sparklineWindow(timesMs, requests);
    return {
      timesMs: timesMs.slice(start),
      requests: requests.slice(start),
      p95Ms: p95Ms.slice(start),
      title: sinceMs === undefined ? undefined : `since ${formatTime(sinceMs)} (the first minute with requests in this window)`,
    };
  }, [series]);
  if (drawn === undefined) return <td colSpan={2} />;
  return (
    <>
      <td title={drawn.title}>
        <Sparkline times={drawn.timesMs} values={drawn.requests} label={`requests of ${service.name}`} />
      </td>
      <td title={drawn.title}>
        <Sparkline times={drawn.timesMs} values={drawn.p95Ms} color="#f5a524" label={`p95 of ${service.name}`} />
      </td>
    </>
  );
}
