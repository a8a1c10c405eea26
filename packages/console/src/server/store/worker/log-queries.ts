import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { LogSearch, StoredLog } from '../queries.js';
import type { AttributeValue } from '../rows.js';
import { parseJson } from './json-text.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, big, bigOrNull, clampLimit, num, Params, rows, text, unionAll } from './sql.js';

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
  const where: string[] = [];
  if (query.traceId !== undefined) where.push(`TraceId = ${params.add(query.traceId.toLowerCase())}`);
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  if (query.minSeverity !== undefined) where.push(`SeverityNumber >= ${params.add(query.minSeverity)}`);
  if (query.contains !== undefined) where.push(`contains(lower(Body), ${params.add(query.contains.toLowerCase())})`);
  for (const [key, value] of Object.entries(query.attributes ?? {})) where.push(attributeEquals('LogAttributes', key, value, params));
  if (query.since !== undefined) where.push(`Timestamp >= ${params.add(query.since)}`);
  if (query.until !== undefined) where.push(`Timestamp <= ${params.add(query.until)}`);
  if (query.afterCursor !== undefined) where.push(`Seq > ${params.add(query.afterCursor)}`);
  const order = query.afterCursor !== undefined ? 'Seq ASC' : 'Timestamp DESC, Seq DESC';
  const sql = `${unionAll(targets, 'logs', '*', where)} ORDER BY ${order} LIMIT ${params.add(limit)}`;
  return (await rows(connection, sql, params)).map(toLog);
}
