import { type DuckDBConnection, DuckDBListValue, type DuckDBValue } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import type { StoredSpan, TraceLookup, TraceView } from '../queries.js';
import { parseJson } from './json-text.js';
import type { Partition, PartitionSet } from './partitions.js';
import { big, num, numOrNull, Params, rows, text, textOrNull, unionAll } from './sql.js';
import { SPAN_DATA_COLUMNS, TRACE_ID, traceIdCondition } from './trace-key.js';

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
    scopeVersion: text(row.ScopeVersion!),
    resourceAttributes: parseJson(row.ResourceAttributes, {}),
    attributes: parseJson(row.SpanAttributes, {}),
    events: parseJson<StoredEventJson[]>(row.Events, []).map((event) => ({ ...event, timeUnixNano: BigInt(event.timeUnixNano) })),
    links: parseJson(row.Links, []),
    errorFingerprints: textItems(row.ErrorFingerprints),
  };
}

function textItems(value: DuckDBValue | undefined): string[] {
  if (value instanceof DuckDBListValue) return value.items.filter((item): item is string => typeof item === 'string');
  return [];
}

function checkedTraceId(traceId: string): string {
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) throw new StoreQueryError(`traceId: expected 32 hex digits, got ${JSON.stringify(traceId)}`);
  return id;
}

/**
 * Runs `read` for one trace: first over its time hint only (the partitions and row groups it
 * overlaps), then, when the hint finds nothing, over every partition (a trace id alone gives no
 * time bound). `read` gets the FROM source and its parameters.
 */
async function withTraceRows<T>(
  partitions: PartitionSet,
  lookup: TraceLookup,
  read: (source: string, params: Params) => Promise<T>,
  found: (result: T) => boolean,
  none: T,
  withErrorGroups = true,
): Promise<T> {
  const id = checkedTraceId(lookup.traceId);
  // Each span with the error groups of the exceptions recorded on it (fingerprinted at ingest, so
  // exceptions from any SDK link to their group). Exceptions are looked for in every partition:
  // the table is narrow, and an exception may land in a later partition than its span.
  const source = (targets: Partition[], params: Params, where: string[]) => {
    const idParam = params.add(id);
    // The key first (a 4-byte column), the id where it matches (trace-key.ts).
    const spans = unionAll(targets, 'spans', SPAN_DATA_COLUMNS, [...traceIdCondition([id], [idParam]), ...where]);
    if (!withErrorGroups) return spans;
    const exceptions = unionAll(
      partitions.mayHoldTrace(partitions.overlapping(undefined, undefined), id),
      'exceptions',
      'SpanId, Fingerprint',
      [`TraceId = ${idParam}`],
    );
    return `SELECT spans.*, coalesce(errors.Fingerprints, []) AS ErrorFingerprints FROM (${spans}) spans
      LEFT JOIN (SELECT SpanId, list_sort(list_distinct(list(Fingerprint))) AS Fingerprints FROM (${exceptions}) GROUP BY SpanId) errors
      ON errors.SpanId = spans.SpanId`;
  };
  if (lookup.since !== undefined || lookup.until !== undefined) {
    const params = new Params();
    const where: string[] = [];
    if (lookup.since !== undefined) where.push(`Timestamp >= ${params.add(lookup.since)}`);
    if (lookup.until !== undefined) where.push(`Timestamp <= ${params.add(lookup.until)}`);
    const targets = partitions.mayHoldTrace(partitions.overlapping(lookup.since, lookup.until), id);
    if (targets.length > 0) {
      const hinted = await read(source(targets, params, where), params);
      if (found(hinted)) return hinted;
    }
  }
  const targets = partitions.mayHoldTrace(partitions.overlapping(undefined, undefined), id);
  if (targets.length === 0) return none;
  const params = new Params();
  return read(source(targets, params, []), params);
}

/** Every span of one trace, oldest first. */
export async function traceById(connection: DuckDBConnection, partitions: PartitionSet, lookup: TraceLookup): Promise<StoredSpan[]> {
  return withTraceRows(
    partitions,
    lookup,
    async (source, params) => (await rows(connection, `${source} ORDER BY Timestamp, SpanId`, params)).map(toSpan),
    (spans) => spans.length > 0,
    [],
  );
}

/**
 * One span in the API's trace detail shape (api/schemas.ts `spanDetail`, as api/to-api.ts
 * `spanDetailOf` maps a StoredSpan): built here so a large trace goes out without a JavaScript
 * object per span. Event times stay decimal strings; absent attributes become `{}`.
 */
const SPAN_JSON = `json_object(
  'traceId', TraceId, 'spanId', SpanId, 'parentSpanId', nullif(ParentSpanId, ''),
  'service', ServiceName, 'name', SpanName,
  'kind', coalesce(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'][SpanKind + 1], 'unspecified'),
  'startTimeUnixNano', Timestamp::VARCHAR, 'endTimeUnixNano', (Timestamp + Duration)::VARCHAR, 'durationMs', Duration / 1e6,
  'status', coalesce(['unset', 'ok', 'error'][StatusCode + 1], 'unset'), 'statusMessage', nullif(StatusMessage, ''),
  'attributes', coalesce(json(SpanAttributes), '{}'::JSON), 'resource', coalesce(json(ResourceAttributes), '{}'::JSON),
  'scopeName', coalesce(ScopeName, ''), 'scopeVersion', nullif(ScopeVersion, ''), 'traceState', nullif(TraceState, ''),
  'events', CASE WHEN Events IS NULL THEN '[]'::JSON ELSE to_json(list_transform(Events::JSON::JSON[], lambda e: json_object(
    'timeUnixNano', coalesce(e->>'timeUnixNano', '0'), 'name', e->>'name', 'attributes', coalesce(e->'attributes', '{}'::JSON)))) END,
  'links', CASE WHEN Links IS NULL THEN '[]'::JSON ELSE to_json(list_transform(Links::JSON::JSON[], lambda l: json_object(
    'traceId', l->>'traceId', 'spanId', l->>'spanId', 'traceState', nullif(l->>'traceState', ''),
    'attributes', coalesce(l->'attributes', '{}'::JSON)))) END,
  'errorGroups', ErrorFingerprints)`;

/** One span in the API's trace outline shape (api/schemas.ts `spanOutline`): what a waterfall draws. */
const SPAN_OUTLINE_JSON = `json_object(
  'spanId', SpanId, 'parentSpanId', nullif(ParentSpanId, ''), 'service', ServiceName, 'name', SpanName,
  'kind', coalesce(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'][SpanKind + 1], 'unspecified'),
  'startTimeUnixNano', Timestamp::VARCHAR, 'durationMs', Duration / 1e6,
  'status', coalesce(['unset', 'ok', 'error'][StatusCode + 1], 'unset'))`;

/**
 * The spans of `traceById` as the UTF-8 JSON array the API sends: its trace detail (`SPAN_JSON`)
 * or its outline (`SPAN_OUTLINE_JSON`, no exception join, no attribute text), built by DuckDB: no
 * per-span objects in the worker or on the main thread, and the bytes are transferred to the main
 * thread, not copied. `[]` when nothing is stored.
 */
export async function traceJson(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  lookup: TraceLookup,
  view: TraceView = 'detail',
): Promise<Uint8Array> {
  const span = view === 'outline' ? SPAN_OUTLINE_JSON : SPAN_JSON;
  const json = await withTraceRows(
    partitions,
    lookup,
    async (source, params) => {
      // string_agg of each span's JSON text: building a LIST of JSON values and converting it took longer.
      const sql = `SELECT '[' || coalesce(string_agg(${span}::VARCHAR, ',' ORDER BY Timestamp, SpanId), '') || ']' AS Spans FROM (${source})`;
      const [row] = await rows(connection, sql, params);
      return text(row?.Spans ?? '[]');
    },
    (json) => json !== '[]',
    '[]',
    view === 'detail',
  );
  return new TextEncoder().encode(json);
}
