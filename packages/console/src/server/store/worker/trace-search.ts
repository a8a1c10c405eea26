import { type DuckDBConnection, DuckDBMapValue, type DuckDBValue } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import type { SpanKindName, TraceSearch, TraceSummary } from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, big, clampLimit, num, numOrNull, Params, rows, text, textOrNull, unionAll } from './sql.js';
import { traceIdCondition } from './trace-key.js';

/**
 * Search reads time windows, newest first, each 8x longer than the one before; the first holds
 * about FIRST_WINDOW_ROWS rows at the newest partition's density (rows per second of its data).
 * Most searches are filled by the newest spans, and a window's Timestamp bounds let DuckDB skip
 * every older row group by its zone map: measured on 20M rows, the newest 20 ids took 4 ms in the
 * newest 10,000 rows and 3.9 s over the whole table. Windows by density, not fixed seconds: a
 * console taking 50,000 spans/s holds 500,000 in its newest 10 s.
 */
const FIRST_WINDOW_ROWS = 5_000;
const WINDOW_GROWTH = 8n;
const MIN_WINDOW_NS = 1_000_000n;
/**
 * A summary reads the picked traces' spans within a margin of their matching spans: about
 * SUMMARY_MARGIN_ROWS rows of data, between 100 ms and 1 h. A trace whose spans read start or end
 * within half the margin of the range's edges may have spans beyond it: it is summarised again
 * with a margin 16x wider, up to TRACE_WINDOW_NS. (Missed: a span that starts more than half a
 * margin after every other span of its trace has ended, like a follow-up job minutes later;
 * opening the trace shows it.)
 */
const SUMMARY_MARGIN_ROWS = 10_000;
const MIN_MARGIN_NS = 100_000_000n;
const MARGIN_GROWTH = 16n;
const TRACE_WINDOW_NS = 3_600_000_000_000n;
/** Candidates asked of one window at first; grown 4x while trace-level filters reject them. */
const FIRST_PAGE_FACTOR = 2;

interface Window {
  /** Inclusive lower bound. */
  from: bigint;
  to: bigint;
  /** Whether `to` itself belongs to the window (only the newest one). */
  toInclusive: boolean;
}

/**
 * Trace summaries, newest first. Span-level filters (service, route, status=error, minDurationMs,
 * attributes) pick candidate traces, newest windows first; the candidates' spans are summarised
 * (root, start, duration, counts) and trace-level filters (status=ok: no error span, maxDurationMs)
 * applied, until `limit` traces pass or the range is exhausted.
 */
export async function searchTraces(connection: DuckDBConnection, partitions: PartitionSet, query: TraceSearch): Promise<TraceSummary[]> {
  const limit = clampLimit(query.limit, 20);
  const margin = spanOfRows(partitions, SUMMARY_MARGIN_ROWS, MIN_MARGIN_NS, TRACE_WINDOW_NS);
  const out: TraceSummary[] = [];
  const seen = new Set<string>();
  for (const window of windows(partitions, query)) {
    let page = limit * FIRST_PAGE_FACTOR;
    for (;;) {
      const asked = seen.size + page;
      const read = await windowSummaries(connection, partitions, query, window, asked, margin);
      const fresh = read.filter((entry) => !seen.has(entry.summary.traceId));
      for (const entry of fresh) seen.add(entry.summary.traceId);
      for (const summary of await completed(connection, partitions, fresh, margin)) {
        if (passesTraceFilters(summary, query) && out.length < limit) out.push(summary);
      }
      if (out.length >= limit || read.length < asked) break;
      page *= 4;
    }
    if (out.length >= limit) break;
  }
  return out.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? 1 : a.startTimeUnixNano > b.startTimeUnixNano ? -1 : 0));
}

const later = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Nanoseconds of the newest partition's data that hold about `rows` rows (at least `min`, at most `max`). */
function spanOfRows(partitions: PartitionSet, rows: number, min: bigint, max: bigint): bigint {
  const newest = partitions.overlapping(undefined, undefined).at(-1);
  if (newest === undefined || newest.rows === 0) return max;
  const covered = newest.maxTime! - newest.minTime! + 1n;
  const ns = (covered * BigInt(rows)) / BigInt(newest.rows);
  return ns < min ? min : ns > max ? max : ns;
}

/** The search's time range cut into windows, newest first (none when nothing is stored in it). */
function* windows(partitions: PartitionSet, query: TraceSearch): Generator<Window> {
  const stored = partitions.overlapping(query.since, query.until);
  if (stored.length === 0) return;
  let lo = stored[0]!.minTime!;
  let hi = stored[0]!.maxTime!;
  for (const p of stored) {
    if (p.minTime! < lo) lo = p.minTime!;
    if (p.maxTime! > hi) hi = p.maxTime!;
  }
  if (query.since !== undefined && query.since > lo) lo = query.since;
  if (query.until !== undefined && query.until < hi) hi = query.until;
  let size = spanOfRows(partitions, FIRST_WINDOW_ROWS, MIN_WINDOW_NS, hi - lo + 1n);
  for (let to = hi, first = true; ; first = false, size *= WINDOW_GROWTH) {
    const from = to - size;
    yield { from: later(from, lo), to, toInclusive: first };
    if (from <= lo) return;
    to = from;
  }
}

/** Nanoseconds a BIGINT holds, with room to spare (2^63 - 1 is ~9.22e18). */
const MAX_DURATION_NANOS = 9e18;

/** minDurationMs as the Duration column's nanoseconds; a value that column cannot hold is the caller's mistake. */
function durationNanos(ms: number): bigint {
  const nanos = Math.round(ms * 1e6);
  if (!(nanos >= 0 && nanos <= MAX_DURATION_NANOS)) {
    throw new StoreQueryError(`minDurationMs: expected milliseconds from 0 to ${MAX_DURATION_NANOS / 1e6}, got ${ms}`);
  }
  return BigInt(nanos);
}

/** OTLP's SpanKind numbers. */
const SPAN_KIND_CODES: Record<SpanKindName, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

/** The span filters of a search; its time range is applied by the windows. */
function spanFilters(query: TraceSearch, params: Params): string[] {
  const where: string[] = [];
  if (query.service !== undefined) where.push(`ServiceName = ${params.add(query.service)}`);
  if (query.route !== undefined) {
    const route = params.add(query.route);
    where.push(`(HttpRoute = ${route} OR SpanName = ${route})`);
  }
  if (query.kind !== undefined) where.push(`SpanKind = ${SPAN_KIND_CODES[query.kind]}`);
  if (query.status === 'error') where.push('StatusCode = 2');
  if (query.minDurationMs !== undefined) where.push(`Duration >= ${params.add(durationNanos(query.minDurationMs))}`);
  for (const [key, value] of Object.entries(query.attributes ?? {})) where.push(attributeEquals('SpanAttributes', key, value, params));
  return where;
}

function passesTraceFilters(summary: TraceSummary, query: TraceSearch): boolean {
  if (query.status === 'ok' && summary.errorCount > 0) return false;
  if (query.maxDurationMs !== undefined && Number(summary.durationNano) / 1e6 > query.maxDurationMs) return false;
  return true;
}

/** Per trace: the root's service and name, the first start, the extent and the span and error counts. */
const SUMMARY_COLUMNS = `TraceId,
  arg_min(ServiceName, Timestamp) FILTER (WHERE ParentSpanId = '') AS RootService,
  arg_min(SpanName, Timestamp) FILTER (WHERE ParentSpanId = '') AS RootName,
  arg_min(HttpStatusCode, Timestamp) FILTER (WHERE ParentSpanId = '') AS RootStatus,
  min(Timestamp) AS Start, max(Timestamp + Duration) - min(Timestamp) AS Duration,
  count(*) AS Spans, count_if(StatusCode = 2) AS Errors, histogram(ServiceName) AS ServiceSpans`;
const SUMMARY_SOURCE_COLUMNS = 'TraceId, ParentSpanId, ServiceName, SpanName, HttpStatusCode, Timestamp, Duration, StatusCode';

/**
 * The newest `limit` traces with a matching span in one window, summarised from their spans within
 * `margin` of the window, in one statement (one round trip to DuckDB instead of two).
 */
async function windowSummaries(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: TraceSearch,
  window: Window,
  limit: number,
  margin: bigint,
): Promise<ReadSummary[]> {
  const targets = partitions.overlapping(window.from, window.to);
  if (targets.length === 0) return [];
  const params = new Params();
  const where = spanFilters(query, params);
  where.push(`Timestamp >= ${params.add(window.from)}`, `Timestamp ${window.toInclusive ? '<=' : '<'} ${params.add(window.to)}`);
  const matches = unionAll(targets, 'spans', 'TraceId, Timestamp', where);
  const since = window.from - margin;
  const until = window.to + margin;
  const around = unionAll(partitions.overlapping(since, until), 'spans', SUMMARY_SOURCE_COLUMNS, [
    `Timestamp >= ${params.add(since)}`,
    `Timestamp <= ${params.add(until)}`,
  ]);
  const sql = `WITH hits AS (
      SELECT TraceId, max(Timestamp) AS Last FROM (${matches}) GROUP BY TraceId ORDER BY Last DESC LIMIT ${params.add(limit)}
    )
    SELECT ${SUMMARY_COLUMNS}, any_value(Last) AS Last
    FROM (${around}) JOIN hits USING (TraceId) GROUP BY TraceId ORDER BY Last DESC`;
  return (await rows(connection, sql, params)).map((row) => readSummary(row, since, until));
}

function readSummary(row: Record<string, DuckDBValue>, from: bigint, to: bigint): ReadSummary {
  const start = big(row.Start!);
  const duration = big(row.Duration!);
  return {
    summary: {
      traceId: text(row.TraceId!),
      rootServiceName: textOrNull(row.RootService!),
      rootName: textOrNull(row.RootName!),
      rootStatusCode: numOrNull(row.RootStatus!),
      startTimeUnixNano: start,
      durationNano: duration,
      spanCount: num(row.Spans!),
      errorCount: num(row.Errors!),
      services: serviceSpansOf(row.ServiceSpans!),
    },
    last: big(row.Last!),
    end: start + duration,
    from,
    to,
  };
}

/** `histogram(ServiceName)`'s map as the services' span counts, by name. */
function serviceSpansOf(value: DuckDBValue): { service: string; spans: number }[] {
  if (!(value instanceof DuckDBMapValue)) return [];
  return value.entries
    .map((entry) => ({ service: text(entry.key), spans: num(entry.value) }))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/**
 * The summaries read, completed: traces whose spans reach near the edges of the range read are
 * read again with a margin MARGIN_GROWTH times wider around their matching spans, up to
 * TRACE_WINDOW_NS. In `read`'s order.
 */
async function completed(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  read: ReadSummary[],
  firstMargin: bigint,
): Promise<TraceSummary[]> {
  const summaries = new Map(read.map((entry) => [entry.summary.traceId, entry.summary]));
  let margin = firstMargin;
  let cut = read.filter((entry) => reachesEdge(entry, margin));
  while (cut.length > 0 && margin < TRACE_WINDOW_NS) {
    margin = margin * MARGIN_GROWTH < TRACE_WINDOW_NS ? margin * MARGIN_GROWTH : TRACE_WINDOW_NS;
    const wider = await summarizeWithin(connection, partitions, cut, margin);
    for (const entry of wider) summaries.set(entry.summary.traceId, entry.summary);
    cut = wider.filter((entry) => reachesEdge(entry, margin));
  }
  return [...summaries.values()];
}

/** Whether a trace's spans read come within half the margin of the range read: it may go on beyond. */
function reachesEdge(entry: ReadSummary, margin: bigint): boolean {
  const edge = margin / 2n;
  return entry.summary.startTimeUnixNano < entry.from + edge || entry.end > entry.to - edge;
}

interface ReadSummary {
  summary: TraceSummary;
  /** Time of the trace's newest matching span. */
  last: bigint;
  /** The latest end of the trace's spans read, and the range of starts read. */
  end: bigint;
  from: bigint;
  to: bigint;
}

/** The traces of `hits` summarised from their spans within `margin` of their matching spans. */
async function summarizeWithin(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  hits: readonly { summary: TraceSummary; last: bigint }[],
  margin: bigint,
): Promise<ReadSummary[]> {
  let lo = hits[0]!.last;
  let hi = lo;
  for (const { last } of hits) {
    if (last < lo) lo = last;
    if (last > hi) hi = last;
  }
  const since = lo - margin;
  const until = hi + margin;
  const params = new Params();
  const traceIds = hits.map((hit) => hit.summary.traceId);
  const ids = traceIds.map((id) => params.add(id));
  const lastOf = new Map(hits.map((hit) => [hit.summary.traceId, hit.last]));
  // The keys first (a 4-byte column), the ids where they match (trace-key.ts).
  const where = [`Timestamp >= ${params.add(since)}`, `Timestamp <= ${params.add(until)}`, ...traceIdCondition(traceIds, ids)];
  const source = unionAll(partitions.overlapping(since, until), 'spans', SUMMARY_SOURCE_COLUMNS, where);
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM (${source}) GROUP BY TraceId`;
  return (await rows(connection, sql, params)).map((row) =>
    readSummary({ ...row, Last: lastOf.get(text(row.TraceId!)) ?? 0n }, since, until),
  );
}
