import { useState } from 'react';
import { api } from '../api/client.js';
import type { ServiceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ServiceName } from '../components/badges.js';
import { CANDIDATES, type ComparisonBands, comparisonBands, MIN_REQUESTS, typicalOf } from '../components/compare-picks.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { counted, formatCount, formatDuration } from '../format.js';
import { hrefOf, navigate } from '../router.js';

/** Where the pair is looked for: the window the routes' latency is read over. */
const SINCE = '1h';

interface RouteRow {
  readonly service: string;
  readonly route: string;
  readonly requests: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly bands: ComparisonBands;
}

/**
 * Every route of the last hour with one button that opens a typical request of it beside a slow
 * one (about the median against at least the p99): the question a latency tail raises, answered
 * without hunting for two trace ids first.
 */
export function CompareRoutes() {
  const services = useApi(`compare-routes:${SINCE}`, (signal) => api.services({ since: SINCE }, signal), { live: false });
  if (services.error !== undefined) return <ErrorNotice error={services.error} />;
  if (services.data === undefined) return <Loading />;
  const routes = services.data.services.flatMap((service) => service.routes.map((route) => ({ service: service.name, route })));
  if (routes.length === 0) return null;
  const rows = routeRows(routes);
  const left = routes.length - rows.length;
  const leftOut =
    left === 0 ? null : (
      <p className="muted">
        {counted(left, 'route')} left out: fewer than {MIN_REQUESTS} requests, or every request about as fast as the median.
      </p>
    );
  if (rows.length === 0) {
    return (
      <section className="compare-routes">
        <h3>Typical against slow, last hour</h3>
        {leftOut}
      </section>
    );
  }
  return (
    <section className="compare-routes">
      <h3>Typical against slow, last hour</h3>
      <CompareRoutesTable rows={rows} />
      {leftOut}
    </section>
  );
}

/** The busiest routes with a tail; the others only counted (a fresh console lists dozens). */
function routeRows(routes: readonly { service: string; route: ServiceSummary['routes'][number] }[]): RouteRow[] {
  return routes
    .flatMap(({ service, route }) => {
      const bands = comparisonBands(route);
      return bands === undefined
        ? []
        : [{ service, route: route.route, requests: route.requests, p50Ms: route.p50Ms, p99Ms: route.p99Ms, bands }];
    })
    .sort((a, b) => b.requests - a.requests);
}

function CompareRoutesTable({ rows }: { rows: readonly RouteRow[] }) {
  return (
    <table className="grid compare-routes-table">
      <thead>
        <tr>
          <th>service / route</th>
          <th className="num">requests</th>
          <th className="num">p50</th>
          <th className="num">p99</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.service}\u0000${row.route}`}>
            <td>
              <ServiceName name={row.service} /> {row.route}
            </td>
            <td className="num">{formatCount(row.requests)}</td>
            <td className="num">{formatDuration(row.p50Ms)}</td>
            <td className="num">{formatDuration(row.p99Ms)}</td>
            <td>
              <PairButton row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Finds the two traces and opens them side by side, or says why it could not. */
function PairButton({ row }: { row: RouteRow }) {
  const [state, setState] = useState<{ busy: boolean; problem?: string }>({ busy: false });
  const { bands } = row;
  const open = async () => {
    setState({ busy: true });
    try {
      const search = { service: row.service, route: row.route, since: SINCE };
      const [typical, slow] = await Promise.all([
        api.traces({ ...search, ...bands.typical, limit: CANDIDATES }),
        api.traces({ ...search, ...bands.slow, limit: 1 }),
      ]);
      const a = typicalOf(typical.traces)?.traceId;
      const b = slow.traces[0]?.traceId;
      // Sampling keeps a tenth of the traces, or ingest dropped some: the figures come from every stored span.
      if (a === undefined || b === undefined) {
        setState({ busy: false, problem: `no ${a === undefined ? 'typical' : 'slow'} trace stored in the last hour` });
        return;
      }
      navigate(hrefOf('/compare', { a, b, service: row.service, route: row.route }));
    } catch (error) {
      setState({ busy: false, problem: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <span className="compare-pair">
      <button
        type="button"
        disabled={state.busy}
        onClick={() => void open()}
        title={`a trace of ${formatDuration(bands.typical.minDurationMs)}–${formatDuration(bands.typical.maxDurationMs)} beside one of at least ${formatDuration(bands.slow.minDurationMs)}`}
      >
        Typical vs slow
      </button>
      {state.problem === undefined ? null : <span className="muted"> {state.problem}</span>}
    </span>
  );
}
