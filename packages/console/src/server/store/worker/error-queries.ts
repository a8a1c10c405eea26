import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  ErrorGroupQuery,
  ErrorGroupSort,
  ErrorGroupStatus,
  ErrorGroupStatusChange,
  ErrorOccurrence,
  ErrorOccurrenceQuery,
  StoredErrorGroup,
} from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { big, clampLimit, num, numOrNull, Params, rows, text, textOrNull, unionAll } from './sql.js';

const HOUR_MS = 3_600_000;
/** One more than the API's largest page (1,000): it asks for one more than it sends, to know whether more exist. */
const OCCURRENCES_MAX = 1_001;
const COLUMNS =
  'Timestamp, ServiceName, Fingerprint, ExceptionType, ExceptionMessage, Stacktrace, TraceId, SpanId, HttpRoute, Source, ServiceVersion';

function filters(query: ErrorGroupQuery, params: Params): string[] {
  const where: string[] = [];
  if (query.since !== undefined) where.push(`Timestamp >= ${params.add(query.since)}`);
  if (query.until !== undefined) where.push(`Timestamp <= ${params.add(query.until)}`);
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  if (query.fingerprint !== undefined) where.push(`Fingerprint = ${params.add(query.fingerprint)}`);
  return where;
}

/**
 * What makes two exception rows one occurrence: the same trace and the same stack (one thrown
 * error recorded on every span it unwound through, and logged too), or without a stack the same
 * span (a span event and a log record of it). Rows outside any span have no key: each counts.
 */
const OCCURRENCE_KEY = `CASE WHEN SpanId = '' THEN NULL
  WHEN Stacktrace IS NOT NULL AND Stacktrace <> '' THEN TraceId || chr(10) || Stacktrace
  ELSE TraceId || SpanId END`;
const OCCURRENCES = 'count(DISTINCT OccurrenceKey) + count_if(OccurrenceKey IS NULL)';

/**
 * Error groups over a window, most frequent first, counted in occurrences (see OCCURRENCE_KEY):
 * a throw recorded on three nested spans and logged once is one occurrence, not four.
 */
export async function errorGroups(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: ErrorGroupQuery,
): Promise<StoredErrorGroup[]> {
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const limit = clampLimit(query.limit, 100);
  const order = GROUP_ORDER[query.sort ?? 'count'];
  const bucketMs = Math.max(60_000, Math.round(query.bucketMs ?? HOUR_MS));
  const params = new Params();
  const bucketNs = params.add(BigInt(bucketMs) * 1_000_000n);
  const sql = `WITH ${exceptionRows(targets, filters(query, params))},
    g0 AS (
      SELECT Fingerprint,
        arg_min(ExceptionType, Timestamp) AS Type, arg_min(ExceptionMessage, Timestamp) AS Message,
        ${OCCURRENCES} AS Occurrences,
        min(Timestamp) AS FirstSeen, max(Timestamp) AS LastSeen,
        list_sort(list_distinct(list(ServiceName))) AS Services,
        list_sort(list_distinct(list(HttpRoute) FILTER (WHERE HttpRoute IS NOT NULL))) AS Routes,
        arg_min(Stacktrace, Timestamp) FILTER (WHERE Stacktrace IS NOT NULL) AS SampleStack,
        arg_min(ServiceVersion, Timestamp) FILTER (WHERE ServiceVersion IS NOT NULL) AS FirstVersion,
        arg_max(ServiceVersion, Timestamp) FILTER (WHERE ServiceVersion IS NOT NULL) AS LastVersion,
        list_sort(list_distinct(list(ServiceVersion) FILTER (WHERE ServiceVersion IS NOT NULL))) AS Versions
      FROM e GROUP BY Fingerprint),
    gs AS (
      SELECT g0.*, ${STATUS} AS Status, s.ChangedMs AS StatusChangedMs
      FROM g0 LEFT JOIN ${STATES_TABLE} s USING (Fingerprint)),
    g AS (SELECT * FROM gs ${statusFilter(query.status)} ORDER BY ${order} LIMIT ${params.add(limit)}),
    b AS (
      SELECT Fingerprint, (Timestamp // ${bucketNs}) * ${bucketNs} AS Bucket, ${OCCURRENCES} AS N
      FROM e WHERE Fingerprint IN (SELECT Fingerprint FROM g) GROUP BY ALL)
    SELECT g.*, (SELECT list({'bucket': b.Bucket, 'n': b.N} ORDER BY b.Bucket) FROM b WHERE b.Fingerprint = g.Fingerprint) AS Buckets
    FROM g ORDER BY ${order}`;
  return (await rows(connection, sql, params)).map((row) => ({
    fingerprint: text(row.Fingerprint!),
    type: text(row.Type!),
    message: textOrNull(row.Message!) ?? '',
    count: num(row.Occurrences!),
    firstSeenMs: Number(big(row.FirstSeen!) / 1_000_000n),
    lastSeenMs: Number(big(row.LastSeen!) / 1_000_000n),
    services: listOfText(row.Services),
    routes: listOfText(row.Routes),
    sampleStack: textOrNull(row.SampleStack ?? null),
    buckets: listOf(row.Buckets).map((entry) => {
      const item = entry as { entries?: Record<string, unknown> } & Record<string, unknown>;
      const fields = item.entries ?? item;
      return { bucketMs: Number(BigInt(fields.bucket as bigint) / 1_000_000n), count: Number(fields.n) };
    }),
    firstVersion: textOrNull(row.FirstVersion ?? null),
    lastVersion: textOrNull(row.LastVersion ?? null),
    versions: listOfText(row.Versions),
    status: text(row.Status!) as ErrorGroupStatus,
    statusChangedMs: numOrNull(row.StatusChangedMs ?? null),
  }));
}

/** The orders a list of groups comes in, each with a tie-break that makes it total. */
const GROUP_ORDER: Record<ErrorGroupSort, string> = {
  count: 'Occurrences DESC, LastSeen DESC, Fingerprint',
  lastSeen: 'LastSeen DESC, Occurrences DESC, Fingerprint',
  firstSeen: 'FirstSeen DESC, Occurrences DESC, Fingerprint',
};

/**
 * Users' triage of error groups, one row per group that has been given a status. In the main
 * database, not in a time partition: retention drops a group's occurrences, never its status, so
 * a resolved group that comes back after its old occurrences aged out still shows as regressed.
 */
export const STATES_TABLE = 'error_group_states';
export const CREATE_STATES_TABLE = `CREATE TABLE IF NOT EXISTS ${STATES_TABLE} (
  Fingerprint VARCHAR PRIMARY KEY, Status VARCHAR NOT NULL, ChangedMs BIGINT NOT NULL)`;

/** Resolved, then seen again after the resolve (the occurrence's own time against the console's clock). */
const STATUS = `CASE WHEN s.Status = 'resolved' AND g0.LastSeen > s.ChangedMs * 1000000 THEN 'regressed'
  ELSE coalesce(s.Status, 'unresolved') END`;

function statusFilter(status: ErrorGroupStatus | undefined): string {
  if (status === undefined) return '';
  // Only our own literals reach the SQL: the API validates the status against this same set.
  const wanted: Record<ErrorGroupStatus, string> = {
    unresolved: `IN ('unresolved', 'regressed')`,
    regressed: `= 'regressed'`,
    resolved: `= 'resolved'`,
    ignored: `= 'ignored'`,
  };
  return `WHERE Status ${wanted[status]}`;
}

/** Sets a group's status as of `nowMs` (a resolve covers the occurrences seen until then). */
export async function setErrorStatus(
  connection: DuckDBConnection,
  change: { fingerprint: string; status: ErrorGroupStatusChange; nowMs: number },
): Promise<void> {
  await connection.run(`INSERT OR REPLACE INTO ${STATES_TABLE} VALUES ($1, $2, $3)`, [
    change.fingerprint,
    change.status,
    BigInt(Math.round(change.nowMs)),
  ]);
}

/**
 * When a group's first exception happened (ms since the epoch), null when none is stored: the
 * group's own page sizes its buckets by its age before counting it (errorGroups).
 */
export async function errorFirstSeen(connection: DuckDBConnection, partitions: PartitionSet, fingerprint: string): Promise<number | null> {
  const targets = partitions.overlapping(undefined, undefined);
  if (targets.length === 0) return null;
  const params = new Params();
  const source = unionAll(targets, 'exceptions', 'Timestamp', [`Fingerprint = ${params.add(fingerprint)}`]);
  const [row] = await rows(connection, `SELECT min(Timestamp) AS FirstSeen FROM (${source})`, params);
  const first = row?.FirstSeen;
  return first === null || first === undefined ? null : Number(big(first) / 1_000_000n);
}

/**
 * A page of one group's occurrences, newest first, one row per occurrence (OCCURRENCE_KEY, as
 * the group's count): where it happened, the span it was first recorded on (the innermost, for a
 * throw that unwound through several), its sources and how many recordings it has.
 *
 * Occurrences of one nanosecond are common (a burst of failed requests, a batch of log lines), so
 * a page cannot start at a time alone: they are ordered by time, then by their key (an md5 of the
 * trace and stack; of the row's partition and rowid for an exception outside any span, rows only
 * ever appended, so the same across queries), and `before` resumes after a page's last occurrence
 * in that order. An occurrence recorded again later with an earlier time (a late span event) can
 * still move across a page boundary.
 */
export async function errorOccurrences(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: ErrorOccurrenceQuery,
): Promise<ErrorOccurrence[]> {
  const targets = partitions.overlapping(undefined, undefined);
  if (targets.length === 0) return [];
  const params = new Params();
  let after = '';
  if (query.before !== undefined) {
    const time = params.add(query.before.timeUnixNano);
    after = `WHERE Timestamp < ${time} OR (Timestamp = ${time} AND K < ${params.add(query.before.key)})`;
  }
  const sql = `WITH ${exceptionRows(targets, [`Fingerprint = ${params.add(query.fingerprint)}`], true)},
    k AS (SELECT *, md5(coalesce(OccurrenceKey, RowKey)) AS K FROM e),
    o AS (SELECT K, min(Timestamp) AS Timestamp,
      arg_min(TraceId, Timestamp) AS TraceId,
      coalesce(arg_min(SpanId, Timestamp) FILTER (WHERE Source = 'span'), arg_min(SpanId, Timestamp)) AS SpanId,
      arg_min(ServiceName, Timestamp) AS ServiceName,
      arg_min(HttpRoute, Timestamp) FILTER (WHERE HttpRoute IS NOT NULL) AS HttpRoute,
      arg_min(ExceptionMessage, Timestamp) FILTER (WHERE ExceptionMessage IS NOT NULL) AS ExceptionMessage,
      arg_min(ServiceVersion, Timestamp) FILTER (WHERE ServiceVersion IS NOT NULL) AS ServiceVersion,
      list_sort(list_distinct(list(Source))) AS Sources, count(*) AS Recordings
    FROM k GROUP BY K)
    SELECT * FROM o ${after}
    ORDER BY Timestamp DESC, K DESC LIMIT ${params.add(clampLimit(query.limit, 20, OCCURRENCES_MAX))}`;
  return (await rows(connection, sql, params)).map((row) => ({
    key: text(row.K!),
    traceId: text(row.TraceId!),
    spanId: text(row.SpanId!),
    timeUnixNano: big(row.Timestamp!),
    serviceName: text(row.ServiceName!),
    route: textOrNull(row.HttpRoute ?? null),
    serviceVersion: textOrNull(row.ServiceVersion ?? null),
    message: textOrNull(row.ExceptionMessage ?? null) ?? '',
    sources: listOfText(row.Sources).map((source) => (source === 'log' ? 'log' : 'span')),
    recordings: num(row.Recordings!),
  }));
}

/**
 * The CTEs `e0` (exception rows matching `where`) and `e` (the same with their route and
 * occurrence key; with `rowKey`, each row's identity too: its partition and rowid). An exception
 * recorded on an inner span (a query, a client call) belongs to the route of its service's server
 * span in that trace: the route is taken from there when the span has none.
 */
function exceptionRows(targets: Parameters<typeof unionAll>[0], where: string[], rowKey = false): string {
  const columns = rowKey ? (p: { name: string }) => `${COLUMNS}, '${p.name}:' || rowid::VARCHAR AS RowKey` : COLUMNS;
  const source = unionAll(targets, 'exceptions', columns, where);
  const servers = unionAll(targets, 'spans', 'TraceId, ServiceName, HttpRoute, Timestamp', [
    'SpanKind = 2',
    'HttpRoute IS NOT NULL',
    'TraceId IN (SELECT TraceId FROM e0 WHERE HttpRoute IS NULL)',
  ]);
  return `e0 AS (${source}),
    srv AS (SELECT TraceId, ServiceName, arg_min(HttpRoute, Timestamp) AS ServerRoute FROM (${servers}) GROUP BY TraceId, ServiceName),
    e AS (SELECT e0.* REPLACE (coalesce(e0.HttpRoute, srv.ServerRoute) AS HttpRoute), ${OCCURRENCE_KEY} AS OccurrenceKey
      FROM e0 LEFT JOIN srv USING (TraceId, ServiceName))`;
}

function listOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  const items = (value as { items?: unknown[] }).items;
  return Array.isArray(items) ? items : [];
}

function listOfText(value: unknown): string[] {
  return listOf(value).map((item) => String(item));
}
