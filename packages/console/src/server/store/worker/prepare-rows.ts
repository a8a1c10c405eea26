import type { ExceptionRow } from '../exception-rows.js';
import type { AppendRowsByTable, AppendTable, PreparedAppend } from '../protocol.js';
import type { AttributeValue, LogRow, MetricPointRow, ScrapeSampleRow, SpanRow } from '../rows.js';
import { jsonOrNull, jsonText, sharedJsonOrNull } from './json-text.js';
import { traceKeyOf } from './trace-key.js';

/**
 * Rows → the values a table stores, column by column in table order (see schema.ts): ids, JSON
 * text of attribute maps and events, derived columns (duration, route, status, trace key), as
 * one array per column; append-rows.ts appends them. The column list is the table's, checked
 * against the schema by a test. Nothing here touches DuckDB.
 */

/** The appender call a column's values go through (its DuckDB type). */
export const Kind = {
  bigint: 0,
  ubigint: 1,
  varchar: 2,
  utinyint: 3,
  usmallint: 4,
  uinteger: 5,
  boolean: 6,
  double: 7,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

interface Column<Row> {
  /** The column's name in the table (a test compares the list with the schema). */
  readonly name: string;
  readonly kind: Kind;
  /** The stored value; null or undefined is NULL. */
  readonly value: (row: Row) => unknown;
}

function httpStatus(value: AttributeValue | undefined): number | null {
  const status = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 0 && status < 65536 ? status : null;
}

/** Events as JSON text; event times (bigint) as decimal strings, written explicitly so
 * JSON.stringify never takes its throw-and-retry path for them. */
function eventsText(events: SpanRow['events']): string | null {
  if (events === undefined || events.length === 0) return null;
  let out = '[';
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i > 0) out += ',';
    out += `{"timeUnixNano":"${event.timeUnixNano}","name":${JSON.stringify(event.name)}`;
    if (event.attributes !== undefined) out += `,"attributes":${jsonText(event.attributes)}`;
    out += '}';
  }
  return `${out}]`;
}

const { bigint, ubigint, varchar, utinyint, usmallint, uinteger, boolean, double } = Kind;

const SPAN_COLUMNS: Column<SpanRow>[] = [
  { name: 'Timestamp', kind: bigint, value: (row) => row.startTimeUnixNano },
  { name: 'TraceId', kind: varchar, value: (row) => row.traceId },
  { name: 'SpanId', kind: varchar, value: (row) => row.spanId },
  { name: 'ParentSpanId', kind: varchar, value: (row) => row.parentSpanId ?? '' },
  { name: 'TraceState', kind: varchar, value: (row) => row.traceState },
  { name: 'SpanName', kind: varchar, value: (row) => row.name },
  { name: 'SpanKind', kind: utinyint, value: (row) => row.kind },
  { name: 'ServiceName', kind: varchar, value: (row) => row.serviceName },
  {
    name: 'Duration',
    kind: bigint,
    value: (row) => {
      const duration = row.endTimeUnixNano - row.startTimeUnixNano;
      return duration > 0n ? duration : 0n;
    },
  },
  { name: 'StatusCode', kind: utinyint, value: (row) => row.statusCode },
  { name: 'StatusMessage', kind: varchar, value: (row) => row.statusMessage },
  {
    name: 'HttpRoute',
    kind: varchar,
    value: (row) => {
      const route = row.attributes?.['http.route'];
      return typeof route === 'string' ? route : null;
    },
  },
  {
    name: 'HttpStatusCode',
    kind: usmallint,
    value: (row) => httpStatus(row.attributes?.['http.response.status_code'] ?? row.attributes?.['http.status_code']),
  },
  { name: 'ScopeName', kind: varchar, value: (row) => row.scopeName },
  { name: 'ScopeVersion', kind: varchar, value: (row) => row.scopeVersion },
  { name: 'ResourceAttributes', kind: varchar, value: (row) => sharedJsonOrNull(row.resourceAttributes) },
  { name: 'SpanAttributes', kind: varchar, value: (row) => jsonOrNull(row.attributes) },
  { name: 'Events', kind: varchar, value: (row) => eventsText(row.events) },
  { name: 'Links', kind: varchar, value: (row) => jsonOrNull(row.links) },
  { name: 'TraceKey', kind: uinteger, value: (row) => traceKeyOf(row.traceId) },
];

const LOG_COLUMNS: Column<LogRow>[] = [
  { name: 'Timestamp', kind: bigint, value: (row) => row.timeUnixNano },
  { name: 'ObservedTimestamp', kind: bigint, value: (row) => row.observedTimeUnixNano },
  { name: 'TraceId', kind: varchar, value: (row) => row.traceId || null },
  { name: 'SpanId', kind: varchar, value: (row) => row.spanId || null },
  { name: 'TraceFlags', kind: uinteger, value: (row) => row.flags },
  { name: 'SeverityText', kind: varchar, value: (row) => row.severityText },
  { name: 'SeverityNumber', kind: utinyint, value: (row) => row.severityNumber },
  { name: 'ServiceName', kind: varchar, value: (row) => row.serviceName },
  { name: 'Body', kind: varchar, value: (row) => (typeof row.body === 'string' ? row.body : jsonOrNull(row.body)) },
  { name: 'BodyIsJson', kind: boolean, value: (row) => typeof row.body !== 'string' && row.body !== null && row.body !== undefined },
  { name: 'ScopeName', kind: varchar, value: (row) => row.scopeName },
  { name: 'ScopeVersion', kind: varchar, value: (row) => row.scopeVersion },
  { name: 'ResourceAttributes', kind: varchar, value: (row) => sharedJsonOrNull(row.resourceAttributes) },
  { name: 'LogAttributes', kind: varchar, value: (row) => jsonOrNull(row.attributes) },
  { name: 'EventName', kind: varchar, value: (row) => row.eventName },
];

function metricDetail(row: MetricPointRow): string | null {
  switch (row.type) {
    case 'histogram':
      return jsonText({ bucketCounts: row.bucketCounts, explicitBounds: row.explicitBounds });
    case 'exponentialHistogram':
      return jsonText({
        scale: row.scale,
        zeroCount: row.zeroCount,
        zeroThreshold: row.zeroThreshold,
        positive: row.positive,
        negative: row.negative,
      });
    case 'summary':
      return jsonText({ quantileValues: row.quantileValues });
    default:
      return null;
  }
}

const hasValue = (row: MetricPointRow): row is Extract<MetricPointRow, { value: number }> => row.type === 'gauge' || row.type === 'sum';
const isHistogram = (row: MetricPointRow) => row.type === 'histogram' || row.type === 'exponentialHistogram';

const METRIC_POINT_COLUMNS: Column<MetricPointRow>[] = [
  { name: 'Timestamp', kind: bigint, value: (row) => row.timeUnixNano },
  { name: 'StartTimestamp', kind: bigint, value: (row) => row.startTimeUnixNano },
  { name: 'ServiceName', kind: varchar, value: (row) => row.serviceName },
  { name: 'MetricName', kind: varchar, value: (row) => row.name },
  { name: 'MetricType', kind: varchar, value: (row) => row.type },
  { name: 'MetricUnit', kind: varchar, value: (row) => row.unit },
  { name: 'MetricDescription', kind: varchar, value: (row) => row.description },
  { name: 'ScopeName', kind: varchar, value: (row) => row.scopeName },
  { name: 'ScopeVersion', kind: varchar, value: (row) => row.scopeVersion },
  { name: 'ResourceAttributes', kind: varchar, value: (row) => sharedJsonOrNull(row.resourceAttributes) },
  { name: 'Attributes', kind: varchar, value: (row) => jsonText(row.attributes ?? {}) },
  { name: 'Flags', kind: uinteger, value: (row) => row.flags },
  { name: 'Value', kind: double, value: (row) => (hasValue(row) ? row.value : null) },
  { name: 'Count', kind: ubigint, value: (row) => (hasValue(row) ? null : BigInt(Math.max(0, Math.trunc(row.count)))) },
  { name: 'Sum', kind: double, value: (row) => (hasValue(row) ? null : row.sum) },
  { name: 'Min', kind: double, value: (row) => (isHistogram(row) ? (row as { min?: number }).min : null) },
  { name: 'Max', kind: double, value: (row) => (isHistogram(row) ? (row as { max?: number }).max : null) },
  { name: 'IsMonotonic', kind: boolean, value: (row) => (row.type === 'sum' ? row.isMonotonic : null) },
  {
    name: 'AggregationTemporality',
    kind: utinyint,
    value: (row) => (row.type === 'summary' || row.type === 'gauge' ? null : row.aggregationTemporality),
  },
  { name: 'Detail', kind: varchar, value: metricDetail },
  { name: 'Exemplars', kind: varchar, value: (row) => jsonOrNull(row.exemplars) },
];

const SCRAPE_SAMPLE_COLUMNS: Column<ScrapeSampleRow>[] = [
  { name: 'Timestamp', kind: bigint, value: (row) => row.timeUnixNano },
  { name: 'Target', kind: varchar, value: (row) => row.target },
  { name: 'Job', kind: varchar, value: (row) => row.job },
  { name: 'MetricName', kind: varchar, value: (row) => row.name },
  { name: 'MetricType', kind: varchar, value: (row) => row.metricType },
  { name: 'Labels', kind: varchar, value: (row) => jsonText(row.labels) },
  { name: 'Value', kind: double, value: (row) => row.value },
  { name: 'Exemplars', kind: varchar, value: (row) => (row.exemplar ? jsonText([row.exemplar]) : null) },
  { name: 'MetricDescription', kind: varchar, value: (row) => row.description },
  { name: 'MetricUnit', kind: varchar, value: (row) => row.unit },
];

const orNull = (text: string) => (text === '' ? null : text);

const EXCEPTION_COLUMNS: Column<ExceptionRow>[] = [
  { name: 'Timestamp', kind: bigint, value: (row) => row.timeUnixNano },
  { name: 'ServiceName', kind: varchar, value: (row) => row.serviceName },
  { name: 'Fingerprint', kind: varchar, value: (row) => row.fingerprint },
  { name: 'ExceptionType', kind: varchar, value: (row) => row.type },
  { name: 'ExceptionMessage', kind: varchar, value: (row) => orNull(row.message) },
  { name: 'Stacktrace', kind: varchar, value: (row) => orNull(row.stacktrace) },
  { name: 'TraceId', kind: varchar, value: (row) => row.traceId },
  { name: 'SpanId', kind: varchar, value: (row) => row.spanId },
  { name: 'HttpRoute', kind: varchar, value: (row) => orNull(row.route) },
  { name: 'Source', kind: varchar, value: (row) => row.source },
  { name: 'ServiceVersion', kind: varchar, value: (row) => orNull(row.serviceVersion) },
];

type ColumnsByTable = { [K in AppendTable]: Column<AppendRowsByTable[K][number]>[] };

const TABLE_COLUMNS: ColumnsByTable = {
  spans: SPAN_COLUMNS,
  logs: LOG_COLUMNS,
  metricPoints: METRIC_POINT_COLUMNS,
  scrapeSamples: SCRAPE_SAMPLE_COLUMNS,
  exceptions: EXCEPTION_COLUMNS,
};

/** The logs table's first column, numbered by the writer as it appends (log cursors). */
export const SEQUENCE_COLUMN = 'Seq';

/** Each table's columns as prepared (names and appender kinds), in table order. */
export function preparedColumns(table: AppendTable): readonly { name: string; kind: Kind }[] {
  return TABLE_COLUMNS[table];
}

/** Each table's appender kinds in column order, built once: what append-rows.ts switches on per value. */
export const COLUMN_KINDS = Object.fromEntries(
  Object.keys(TABLE_COLUMNS).map((table) => [table, Uint8Array.from(preparedColumns(table as AppendTable), (column) => column.kind)]),
) as Record<AppendTable, Uint8Array>;

export function prepareAppend<K extends AppendTable>(table: K, rows: AppendRowsByTable[K]): PreparedAppend {
  const definitions = TABLE_COLUMNS[table] as Column<AppendRowsByTable[K][number]>[];
  const count = rows.length;
  const columns: unknown[][] = [];
  for (const definition of definitions) {
    const values: unknown[] = new Array(count);
    for (let i = 0; i < count; i++) values[i] = definition.value(rows[i]!) ?? null;
    columns.push(values);
  }
  let minTime: bigint | null = null;
  let maxTime: bigint | null = null;
  for (const time of columns[0] as bigint[]) {
    if (minTime === null || time < minTime) minTime = time;
    if (maxTime === null || time > maxTime) maxTime = time;
  }
  return { table, rows: count, columns, minTime, maxTime };
}
