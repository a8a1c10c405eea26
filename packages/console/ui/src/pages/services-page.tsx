import { Fragment, useMemo, useState } from 'react';
import { api, isMissingRoute } from '../api/client.js';
import type { ServiceSummary, TraceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ServiceName } from '../components/badges.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { Sparkline } from '../components/sparkline.js';
import { formatDuration, formatPercent, formatRate, nanosToMs } from '../format.js';
import { hrefOf, Link, useLocation } from '../router.js';

type Red = ServiceSummary['red'];

/** Services: RED per service and route (`/api/services`), sparklines and health. */
export function ServicesPage() {
  const { query } = useLocation();
  const since = query.get('since') ?? '1h';
  const services = useApi(`services:${since}`, (signal) => api.services({ since }, signal));
  const missing = isMissingRoute(services.error);

  return (
    <div className="page">
      <div className="page-title">
        <h2>Services</h2>
        <div className="title-actions">
          {['15m', '1h', '6h', '24h'].map((window) => (
            <Link key={window} className={window === since ? 'button active' : 'button'} href={hrefOf('/services', { since: window })}>
              {window}
            </Link>
          ))}
        </div>
      </div>
      {missing ? <FallbackServices since={since} /> : null}
      {services.error !== undefined && !missing ? <ErrorNotice error={services.error} /> : null}
      {services.data === undefined && services.error === undefined ? <Loading /> : null}
      {services.data !== undefined ? <ServiceTable services={services.data.services} since={since} /> : null}
    </div>
  );
}

function ServiceTable({ services, since }: { services: readonly ServiceSummary[]; since: string }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  if (services.length === 0) return <Notice>No server spans in this window yet. Point an OTLP exporter at the console.</Notice>;
  const toggle = (name: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <table className="grid services-table">
      <thead>
        <tr>
          <th>service / route</th>
          <th>health</th>
          <th className="num">rate</th>
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
                  {open.has(service.name) ? '▾' : '▸'}
                </button>
                <Link href={hrefOf('/traces', { service: service.name, since })}>
                  <ServiceName name={service.name} />
                </Link>
              </td>
              <td>
                <HealthBadge health={service.health} />
              </td>
              <RedCells red={service.red} />
              <td>
                {service.series ? (
                  <Sparkline times={service.series.timesMs} values={service.series.requests} label={`requests of ${service.name}`} />
                ) : null}
              </td>
              <td>
                {service.series ? (
                  <Sparkline
                    times={service.series.timesMs}
                    values={service.series.p95Ms}
                    color="#f5a524"
                    label={`p95 of ${service.name}`}
                  />
                ) : null}
              </td>
            </tr>
            {open.has(service.name)
              ? service.routes.map((route) => (
                  <tr key={`${service.name}:${route.route}`} className="route-row">
                    <td className="indent">
                      <Link href={hrefOf('/traces', { service: service.name, route: route.route, since })}>{route.route}</Link>
                    </td>
                    <td />
                    <RedCells red={route} />
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

function RedCells({ red }: { red: Red }) {
  return (
    <>
      <td className="num">{formatRate(red.ratePerSecond)}</td>
      <td className={red.errorRatio > 0.01 ? 'num text-error' : 'num'}>{formatPercent(red.errorRatio)}</td>
      <td className="num">{formatDuration(red.p50Ms)}</td>
      <td className="num">{formatDuration(red.p95Ms)}</td>
      <td className="num">{formatDuration(red.p99Ms)}</td>
    </>
  );
}

function HealthBadge({ health }: { health: ServiceSummary['health'] }) {
  if (health === undefined) return <span className="muted small">not scraped</span>;
  const failing = health.checks
    .filter((check) => check.status !== 'pass')
    .map((check) => `${check.name}: ${check.message ?? check.status}`);
  return (
    <span className={`badge health-${health.status}`} title={failing.join('\n') || health.url || undefined}>
      {health.status}
    </span>
  );
}

/** Percentile of sorted values (nearest rank). */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
}

/**
 * Until the console answers `/api/services`, an estimate from the newest 1,000 traces (root
 * spans), labelled as such.
 */
function FallbackServices({ since }: { since: string }) {
  const traces = useApi(`fallback-services:${since}`, (signal) => api.traces({ since, limit: 1000 }, signal));
  const services = useMemo(() => (traces.data === undefined ? undefined : estimate(traces.data.traces, since)), [traces.data, since]);
  return (
    <>
      <Notice>
        This console does not answer <code>/api/services</code> yet: the table below is estimated from the newest 1,000 traces' root spans,
        without health.
      </Notice>
      {traces.error !== undefined ? <ErrorNotice error={traces.error} /> : null}
      {services === undefined ? <Loading /> : <ServiceTable services={services} since={since} />}
    </>
  );
}

function estimate(traces: readonly TraceSummary[], since: string): ServiceSummary[] {
  const windowSeconds = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 }[since] ?? 3600;
  const byService = new Map<string, Map<string, TraceSummary[]>>();
  for (const trace of traces) {
    const service = trace.rootService ?? '(no root span)';
    const routes = byService.get(service) ?? new Map<string, TraceSummary[]>();
    byService.set(service, routes);
    const route = trace.rootName ?? '(unknown)';
    routes.set(route, [...(routes.get(route) ?? []), trace]);
  }
  const red = (list: readonly TraceSummary[]): Red => {
    const durations = list.map((trace) => trace.durationMs).sort((a, b) => a - b);
    return {
      requests: list.length,
      ratePerSecond: list.length / windowSeconds,
      errorRatio: list.length === 0 ? 0 : list.filter((trace) => trace.errorCount > 0).length / list.length,
      p50Ms: percentile(durations, 0.5),
      p95Ms: percentile(durations, 0.95),
      p99Ms: percentile(durations, 0.99),
    };
  };
  return [...byService.entries()]
    .map(([name, routes]) => ({
      name,
      red: red([...routes.values()].flat()),
      routes: [...routes.entries()].map(([route, list]) => ({ route, ...red(list) })),
      series: perMinute([...routes.values()].flat()),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Per-minute request counts and p95 of the traces given, for the sparklines. */
function perMinute(traces: readonly TraceSummary[]): NonNullable<ServiceSummary['series']> {
  const buckets = new Map<number, number[]>();
  for (const trace of traces) {
    const minute = Math.floor(nanosToMs(trace.startTimeUnixNano) / 60_000) * 60_000;
    buckets.set(minute, [...(buckets.get(minute) ?? []), trace.durationMs]);
  }
  const first = Math.min(...buckets.keys());
  const last = Math.max(...buckets.keys());
  const series: NonNullable<ServiceSummary['series']> = { timesMs: [], requests: [], errors: [], p95Ms: [] };
  for (let minute = first; minute <= last && buckets.size > 0; minute += 60_000) {
    const durations = (buckets.get(minute) ?? []).sort((a, b) => a - b);
    series.timesMs.push(minute);
    series.requests.push(durations.length);
    series.errors.push(0);
    series.p95Ms.push(percentile(durations, 0.95));
  }
  return series;
}
