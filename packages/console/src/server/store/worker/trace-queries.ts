import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import type { StoredSpan, TraceSearch, TraceSummary } from '../queries.js';
import { parseJson } from './json-text.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, big, clampLimit, num, numOrNull, Params, rows, text, textOrNull, unionAll } from './sql.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
/** How far from its matching spans a trace's other spans are looked for in search summaries. */
const TRACE_WINDOW_NS = 3_600_000_000_000n;

/** Events are stored with their time as a decimal string (JSON has no int64). */
interface StoredEventJson {
  timeUnixNano: string;
  name: string;
  attributes?: Record<string, never>;
}

function toSpan(row: Record<string, DuckDBValue>): StoredSpan {
  return {
    traceId: text(row.TraceId!),
    spanId: text(row.SpanId!),
    parentSpanId: text(row.ParentSpanId!),
    traceState: text(row.TraceState!),
    name: text(row.SpanName!),
    kind: num(row.SpanKind!),
    serviceName: text(row.ServiceName!),
    startTimeUnixNano: big(row.Timestamp!),
    durationNano: big(row.Duration!),
    statusCode: num(row.StatusCode!),
    statusMessage: text(row.StatusMessage!),
    httpRoute: textOrNull(row.HttpRoute!),
    httpStatusCode: numOrNull(row.HttpStatusCode!),
    scopeName: text(row.ScopeName!),
    resourceAttributes: parseJson(row.ResourceAttributes, {}),
    attributes: parseJson(row.SpanAttributes, {}),
    events: parseJson<StoredEventJson[]>(row.Events, []).map((event) => ({ ...event, timeUnixNano: BigInt(event.timeUnixNano) })),
    links: parseJson(row.Links, []),
  };
}

/** Every span of one trace, oldest first. A trace id gives no time bound: all partitions are read. */
export async function traceById(connection: DuckDBConnection, partitions: PartitionSet, traceId: string): Promise<StoredSpan[]> {
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) throw new StoreQueryError(`traceId: expected 32 hex digits, got ${JSON.stringify(traceId)}`);
  const targets = partitions.overlapping(undefined, undefined);
  if (targets.length === 0) return [];
  const params = new Params();
  const idParam = params.add(id);
  const sql = `${unionAll(targets, 'spans', '*', [`TraceId = ${idParam}`])} ORDER BY Timestamp, SpanId`;
  return (await rows(connection, sql, params)).map(toSpan);
}

const SPAN_JSON = `json_object(
  'traceId', TraceId, 'spanId', SpanId, 'parentSpanId', ParentSpanId, 'traceState', coalesce(TraceState, ''),
  'name', SpanName, 'kind', SpanKind, 'serviceName', ServiceName,
  'startTimeUnixNano', Timestamp::VARCHAR, 'durationNano', Duration::VARCHAR,
  'statusCode', StatusCode, 'statusMessage', coalesce(StatusMessage, ''), 'httpRoute', HttpRoute, 'httpStatusCode', HttpStatusCode,
  'scopeName', coalesce(ScopeName, ''),
  'resourceAttributes', coalesce(json(ResourceAttributes), '{}'::JSON), 'attributes', coalesce(json(SpanAttributes), '{}'::JSON),
  'events', coalesce(json(Events), '[]'::JSON), 'links', coalesce(json(Links), '[]'::JSON))`;

/**
 * The same spans as `traceById`, as UTF-8 JSON built by DuckDB (bigint fields as decimal
 * strings), for the API to send as is: no per-span objects in the worker, and the bytes are
 * transferred to the main thread, not copied (measured on a 10,000-span trace: see README).
 */
export async function traceJson(connection: DuckDBConnection, partitions: PartitionSet, traceId: string): Promise<Uint8Array> {
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) throw new StoreQueryError(`traceId: expected 32 hex digits, got ${JSON.stringify(traceId)}`);
  const targets = partitions.overlapping(undefined, undefined);
  if (targets.length === 0) return new TextEncoder().encode('[]');
  const params = new Params();
  const idParam = params.add(id);
  const source = unionAll(targets, 'spans', '*', [`TraceId = ${idParam}`]);
  const sql = `SELECT coalesce(to_json(list(${SPAN_JSON} ORDER BY Timestamp, SpanId))::VARCHAR, '[]') AS Spans FROM (${source})`;
  const [row] = await rows(connection, sql, params);
  return new TextEncoder().encode(text(row?.Spans ?? '[]'));
}

function searchFilters(query: TraceSearch, params: Params): string[] {
  const where: string[] = [];
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  if (query.route !== undefined) {
    const route = params.add(query.route);
    where.push(`(HttpRoute = ${route} OR SpanName = ${route})`);
  }
  if (query.status === 'error') where.push('StatusCode = 2');
  if (query.minDurationMs !== undefined) where.push(`Duration >= ${params.add(BigInt(Math.round(query.minDurationMs * 1e6)))}`);
  if (query.since !== undefined) where.push(`Timestamp >= ${params.add(query.since)}`);
  if (query.until !== undefined) where.push(`Timestamp <= ${params.add(query.until)}`);
  for (const [key, value] of Object.entries(query.attributes ?? {})) where.push(attributeEquals('SpanAttributes', key, value, params));
  return where;
}

/**
 * Trace summaries, newest first: the matching spans pick the traces (skipping partitions outside
 * since/until), then the picked traces' spans are summarised (root, start, duration, counts).
 */
export async function searchTraces(connection: DuckDBConnection, partitions: PartitionSet, query: TraceSearch): Promise<TraceSummary[]> {
  const limit = clampLimit(query.limit, 20);
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const matches = unionAll(targets, 'spans', 'TraceId, Timestamp', searchFilters(query, params));
  const hitsSql = `SELECT TraceId, max(Timestamp) AS Last FROM (${matches}) GROUP BY TraceId ORDER BY Last DESC LIMIT ${params.add(limit)}`;
  const hits = await rows(connection, hitsSql, params);
  if (hits.length === 0) return [];
  // Second step: the picked traces' spans, looked for within TRACE_WINDOW of their matching spans,
  // so partitions and row groups (zone maps on Timestamp) outside it are skipped.
  let lo = big(hits[0]!.Last!);
  let hi = lo;
  for (const hit of hits) {
    const last = big(hit.Last!);
    if (last < lo) lo = last;
    if (last > hi) hi = last;
  }
  const since = lo - TRACE_WINDOW_NS;
  const until = hi + TRACE_WINDOW_NS;
  const members = new Params();
  const ids = hits.map((hit) => members.add(text(hit.TraceId!))).join(', ');
  const where = [`Timestamp >= ${members.add(since)}`, `Timestamp <= ${members.add(until)}`, `TraceId IN (${ids})`];
  const source = unionAll(
    partitions.overlapping(since, until),
    'spans',
    'TraceId, ParentSpanId, ServiceName, SpanName, Timestamp, Duration, StatusCode',
    where,
  );
  const sql = `SELECT TraceId,
      arg_min(ServiceName, Timestamp) FILTER (WHERE ParentSpanId = '') AS RootService,
      arg_min(SpanName, Timestamp) FILTER (WHERE ParentSpanId = '') AS RootName,
      min(Timestamp) AS Start, max(Timestamp + Duration) - min(Timestamp) AS Duration,
      count(*) AS Spans, count_if(StatusCode = 2) AS Errors
    FROM (${source}) GROUP BY TraceId ORDER BY Start DESC`;
  return (await rows(connection, sql, members)).map((row) => ({
    traceId: text(row.TraceId!),
    rootServiceName: textOrNull(row.RootService!),
    rootName: textOrNull(row.RootName!),
    startTimeUnixNano: big(row.Start!),
    durationNano: big(row.Duration!),
    spanCount: num(row.Spans!),
    errorCount: num(row.Errors!),
  }));
}
