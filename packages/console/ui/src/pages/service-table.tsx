import type { ServiceSummary } from '../api/types.js';
import { ServiceName } from '../components/badges.js';
import { Notice } from '../components/notice.js';
import { routeLabel } from '../components/route-label.js';
import { toggled } from '../components/toggled.js';
import { hrefOf, Link, navigate } from '../router.js';
import { RedCells } from './red-cells.js';
import { HealthBadge } from './service-health-badge.js';
import { ServiceSparklines } from './service-sparklines.js';

/**
 * The rate column is the current rate, as Grafana's RED panels show it (rate over 5 minutes): the
 * window's average reads a third of the traffic after a service was down for 40 minutes of an hour.
 */
const RATE_TITLE =
  "Requests per second over the window's last 5 minutes: the current rate. Hover a rate for the average over the whole window; errors and latencies are over the whole window.";

/** RED, health and sparklines per service; a service opens to its routes (`open=` in the URL). */
export function ServiceTable({ services, since, open }: { services: readonly ServiceSummary[]; since: string; open: readonly string[] }) {
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
          <ServiceRows key={service.name} service={service} since={since} open={open.includes(service.name)} onToggle={toggle} />
        ))}
      </tbody>
    </table>
  );
}

interface ServiceRowsProps {
  readonly service: ServiceSummary;
  readonly since: string;
  /** Whether its routes are shown. */
  readonly open: boolean;
  readonly onToggle: (name: string) => void;
}

/** A service's row, and under it, when open, a row per route. */
function ServiceRows({ service, since, open, onToggle }: ServiceRowsProps) {
  return (
    <>
      <tr className="service-row">
        <td>
          <button type="button" className="toggle" onClick={() => onToggle(service.name)} aria-label={`routes of ${service.name}`}>
            {open ? '▾' : '▸'}
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
      {open
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
