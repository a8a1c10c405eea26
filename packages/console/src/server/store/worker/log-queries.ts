import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { LogSearch, LogVolumeBucket, LogVolumeQuery, StoredLog } from '../queries.js';
import type { AttributeValue } from '../rows.js';
import { parseJson } from './json-text.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, big, bigOrNull, bucketNanos, clampLimit, num, Params, rows, text, unionAll } from './sql.js';

function toLog(row: Record<string, DuckDBValue>): StoredLog {
  const body = row.BodyIsJson === true ? parseJson<AttributeValue>(row.Body, null) : (row.Body as string | null);
  return {
    cursor: big(row.Seq!),
    timeUnixNano: big(row.Timestamp!),
    observedTimeUnixNano: bigOrNull(row.ObservedTimestamp!),
    traceId: text(row.TraceId!),
    spanId: text(row.SpanId!),
    severityNumber: num(row.SeverityNumber!),
    severityText: text(row.SeverityText!),
    body,
    eventName: text(row.EventName!),
    serviceName: text(row.ServiceName!),
    scopeName: text(row.ScopeName!),
    resourceAttributes: parseJson(row.ResourceAttributes, {}),
    attributes: parseJson(row.LogAttributes, {}),
  };
}

/**
 * Logs newest first; with `afterCursor` (live tail) the ones stored after it, oldest first.
 */
export async function searchLogs(connection: DuckDBConnection, partitions: PartitionSet, query: LogSearch): Promise<StoredLog[]> {
  const limit = clampLimit(query.limit, 100);
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = logFilters(query, params);
  if (query.since !== undefined) where.push(`Timestamp >= ${params.add(query.since)}`);
  if (query.until !== undefined) where.push(`Timestamp <= ${params.add(query.until)}`);
  if (query.afterCursor !== undefined) where.push(`Seq > ${params.add(query.afterCursor)}`);
  const order = query.afterCursor !== undefined ? 'Seq ASC' : 'Timestamp DESC, Seq DESC';
  const sql = `${unionAll(targets, 'logs', '*', where)} ORDER BY ${order} LIMIT ${params.add(limit)}`;
  return (await rows(connection, sql, params)).map(toLog);
}

/** The conditions of a log search's filters (not its window or cursor). */
function logFilters(query: LogVolumeQuery | LogSearch, params: Params): string[] {
  const where: string[] = [];
  if (query.traceId !== undefined) where.push(`TraceId = ${params.add(query.traceId.toLowerCase())}`);
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  if (query.minSeverity !== undefined) where.push(`SeverityNumber >= ${params.add(query.minSeverity)}`);
  if (query.contains !== undefined) where.push(`contains(lower(Body), ${params.add(query.contains.toLowerCase())})`);
  for (const [key, value] of Object.entries(query.attributes ?? {})) where.push(attributeEquals('LogAttributes', key, value, params));
  return where;
}

/** LogVolumeBucket's fields by the query's severity range number. */
const SEVERITY_RANGES = ['unspecified', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** At most this many buckets per window: bars of a chart. */
const MAX_BUCKETS = 1_440;

/** Lines per bucket by severity range: the logs page's volume chart (Grafana's "logs volume"). */
export async function logVolume(connection: DuckDBConnection, partitions: PartitionSet, query: LogVolumeQuery): Promise<LogVolumeBucket[]> {
  if (query.until <= query.since) return [];
  const bucketNs = bucketNanos(query, BigInt(Math.round(query.bucketMs)) * 1_000_000n, MAX_BUCKETS, 'logVolume: bucketMs');
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = logFilters(query, params);
  where.push(`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`);
  const bucket = params.add(bucketNs);
  // One group per bucket and severity range: (n + 3) // 4 is 0 for unspecified, 1 for trace (1-4) … 6 for fatal (21-24).
  const sql = `SELECT (Timestamp // ${bucket}) * ${bucket} AS Bucket, least((SeverityNumber + 3) // 4, 6) AS Range, count(*) AS Lines
    FROM (${unionAll(targets, 'logs', 'Timestamp, SeverityNumber', where)}) GROUP BY ALL ORDER BY Bucket`;
  const buckets: LogVolumeBucket[] = [];
  for (const row of await rows(connection, sql, params)) {
    const timeMs = Number(big(row.Bucket!) / 1_000_000n);
    let last = buckets.at(-1);
    if (last?.timeMs !== timeMs) {
      last = { timeMs, unspecified: 0, trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };
      buckets.push(last);
    }
    last[SEVERITY_RANGES[num(row.Range!)]!] += num(row.Lines!);
  }
  return buckets;
}
