import type { DuckDBConnection } from '@duckdb/node-api';
import type { SloBucket, SloCountsQuery } from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { big, bucketNanos, num, Params, rows, unionAll } from './sql.js';

/** At most this many buckets per query: a 90-day SLO window in 1-minute buckets (only non-empty ones are returned). */
const MAX_BUCKETS = 129_600;

/**
 * A service's server spans in time buckets, counted as an SLO's SLI counts them: all requests,
 * and the bad ones (5xx answers, or an error status when no HTTP status was recorded; for a
 * latency SLI, those slower than the threshold).
 */
export async function sloCounts(connection: DuckDBConnection, partitions: PartitionSet, query: SloCountsQuery): Promise<SloBucket[]> {
  // An empty or inverted window holds no spans: nothing to answer, not a failure.
  if (query.until <= query.since) return [];
  bucketNanos(query, query.bucketNs, MAX_BUCKETS, 'sloCounts: bucketNs');
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = [
    `Timestamp >= ${params.add(query.since)}`,
    `Timestamp < ${params.add(query.until)}`,
    'SpanKind = 2',
    `ServiceName = ${params.add(query.service)}`,
  ];
  if (query.routes.length > 0)
    where.push(`coalesce(HttpRoute, SpanName) IN (${query.routes.map((route) => params.add(route)).join(', ')})`);
  if (query.methods.length > 0) {
    const methods = query.methods.map((method) => params.add(method)).join(', ');
    where.push(`json_extract_string(SpanAttributes, '$."http.request.method"') IN (${methods})`);
  }
  const bad =
    query.thresholdNs === undefined ? 'coalesce(HttpStatusCode >= 500, StatusCode = 2)' : `Duration > ${params.add(query.thresholdNs)}`;
  const source = unionAll(targets, 'spans', 'Timestamp, Duration, StatusCode, HttpStatusCode', where);
  const bucket = params.add(query.bucketNs);
  const sql = `SELECT (Timestamp // ${bucket}) * ${bucket} AS Bucket, count(*) AS Total, count_if(${bad}) AS Bad
    FROM (${source}) GROUP BY Bucket ORDER BY Bucket`;
  return (await rows(connection, sql, params)).map((row) => ({ startNs: big(row.Bucket!), total: num(row.Total!), bad: num(row.Bad!) }));
}
