import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import type { RedQuery, RedRow, RedSeriesPoint, RedSeriesQuery } from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { big, num, Params, rateSeconds, rows, text, unionAll } from './sql.js';

/** At most this many buckets per service: a sparkline, not a chart. */
const MAX_BUCKETS = 1_440;

/** RED of server and consumer spans per service in time buckets (the services page's sparklines). */
export async function redSeries(connection: DuckDBConnection, partitions: PartitionSet, query: RedSeriesQuery): Promise<RedSeriesPoint[]> {
  if (query.until <= query.since) throw new StoreQueryError('redSeries: until must be after since');
  const bucketNs = BigInt(Math.round(query.bucketMs)) * 1_000_000n;
  if (bucketNs <= 0n || (query.until - query.since) / bucketNs > BigInt(MAX_BUCKETS)) {
    throw new StoreQueryError(`redSeries: bucketMs must make at most ${MAX_BUCKETS} buckets over the window`);
  }
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = [`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`, 'SpanKind IN (2, 5)'];
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

/** RED per service over a window (the services page's headline numbers; routes come from `red`). */
export async function redByService(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: RedQuery,
): Promise<Omit<RedRow, 'route'>[]> {
  if (query.until <= query.since) throw new StoreQueryError('redByService: until must be after since');
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = [`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`, 'SpanKind IN (2, 5)'];
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  const source = unionAll(targets, 'spans', 'ServiceName, Duration, StatusCode, Timestamp', where);
  const sql = `SELECT ServiceName, count(*) AS Requests, count_if(StatusCode = 2) AS Errors,
      quantile_cont(Duration, 0.5) AS P50, quantile_cont(Duration, 0.95) AS P95, quantile_cont(Duration, 0.99) AS P99,
      min(min(Timestamp)) OVER () AS DataStart
    FROM (${source}) GROUP BY ServiceName ORDER BY ServiceName`;
  return (await rows(connection, sql, params)).map((row) => {
    const seconds = rateSeconds(query, big(row.DataStart!));
    const requests = num(row.Requests!);
    const errors = num(row.Errors!);
    return {
      serviceName: text(row.ServiceName!),
      requests,
      ratePerSecond: requests / seconds,
      errors,
      errorRatio: requests === 0 ? 0 : errors / requests,
      p50Ms: num(row.P50!) / 1e6,
      p95Ms: num(row.P95!) / 1e6,
      p99Ms: num(row.P99!) / 1e6,
    };
  });
}
