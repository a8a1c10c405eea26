import type { DuckDBConnection } from '@duckdb/node-api';
import type { RedQuery, RedRow, RedSeriesPoint, RedSeriesQuery } from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { big, bucketNanos, num, Params, rateSeconds, rows, text, unionAll } from './sql.js';

/** Requests are server and consumer spans. */
const SERVER_SPANS = 'SpanKind IN (2, 5)';
/** At most this many buckets per service: a sparkline, not a chart. */
const MAX_BUCKETS = 1_440;
/**
 * The end of the window a current rate is taken over: Grafana's RED panels show rate(...[5m]), and
 * an average over the whole window reads a third of the traffic after 40 minutes of downtime in an hour.
 */
const RECENT_NS = 5n * 60n * 1_000_000_000n;

/** RED of server and consumer spans per service in time buckets (the services page's sparklines). */
export async function redSeries(connection: DuckDBConnection, partitions: PartitionSet, query: RedSeriesQuery): Promise<RedSeriesPoint[]> {
  // An empty or inverted window holds no spans: nothing to answer, not a failure.
  if (query.until <= query.since) return [];
  const bucketNs = bucketNanos(query, BigInt(Math.round(query.bucketMs)) * 1_000_000n, MAX_BUCKETS, 'redSeries: bucketMs');
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = [`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`, SERVER_SPANS];
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  const source = unionAll(targets, 'spans', 'ServiceName, Timestamp, Duration, StatusCode', where);
  const bucket = params.add(bucketNs);
  const sql = `SELECT ServiceName, (Timestamp // ${bucket}) * ${bucket} AS Bucket, count(*) AS Requests,
      count_if(StatusCode = 2) AS Errors, quantile_cont(Duration, 0.95) AS P95
    FROM (${source}) GROUP BY ALL ORDER BY ServiceName, Bucket`;
  return (await rows(connection, sql, params)).map((row) => ({
    serviceName: text(row.ServiceName!),
    bucketMs: Number(big(row.Bucket!) / 1_000_000n),
    requests: num(row.Requests!),
    errors: num(row.Errors!),
    p95Ms: num(row.P95!) / 1e6,
  }));
}

/**
 * RED of server and consumer spans over a window, per service and route (http.route, else the
 * span name) or per service alone: rate (over the window and over its last 5 minutes), errors, p50/p95/p99.
 */
async function redRows(connection: DuckDBConnection, partitions: PartitionSet, query: RedQuery, byRoute: boolean): Promise<RedRow[]> {
  // An empty or inverted window holds no spans: nothing to answer, not a failure.
  if (query.until <= query.since) return [];
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = [`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`, SERVER_SPANS];
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  const route = byRoute ? 'coalesce(HttpRoute, SpanName)' : "''";
  const recent = { since: query.until - RECENT_NS > query.since ? query.until - RECENT_NS : query.since, until: query.until };
  const source = unionAll(targets, 'spans', `ServiceName, ${route} AS Route, Duration, StatusCode, Timestamp`, where);
  // The recent requests are counted in the same scan as the window's.
  const sql = `SELECT ServiceName, Route, count(*) AS Requests, count_if(Timestamp >= ${params.add(recent.since)}) AS RecentRequests,
      count_if(StatusCode = 2) AS Errors,
      quantile_cont(Duration, 0.5) AS P50, quantile_cont(Duration, 0.95) AS P95, quantile_cont(Duration, 0.99) AS P99,
      min(min(Timestamp)) OVER () AS DataStart
    FROM (${source}) GROUP BY ServiceName, Route ORDER BY ServiceName, Route`;
  return (await rows(connection, sql, params)).map((row) => {
    const dataStart = big(row.DataStart!);
    const requests = num(row.Requests!);
    const errors = num(row.Errors!);
    return {
      serviceName: text(row.ServiceName!),
      route: text(row.Route!),
      requests,
      ratePerSecond: requests / rateSeconds(query, dataStart),
      recentRatePerSecond: num(row.RecentRequests!) / rateSeconds(recent, dataStart),
      errors,
      errorRatio: requests === 0 ? 0 : errors / requests,
      p50Ms: num(row.P50!) / 1e6,
      p95Ms: num(row.P95!) / 1e6,
      p99Ms: num(row.P99!) / 1e6,
    };
  });
}

/** RED per service and route over a window. */
export function red(connection: DuckDBConnection, partitions: PartitionSet, query: RedQuery): Promise<RedRow[]> {
  return redRows(connection, partitions, query, true);
}

/** RED per service over a window (the services page's headline numbers; routes come from `red`). */
export async function redByService(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: RedQuery,
): Promise<Omit<RedRow, 'route'>[]> {
  return (await redRows(connection, partitions, query, false)).map(({ route: _route, ...row }) => row);
}
