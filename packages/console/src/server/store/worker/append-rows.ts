import type { DuckDBAppender } from '@duckdb/node-api';
import type { ExceptionRow } from '../exception-rows.js';
import type { AppendTable } from '../protocol.js';
import type { LogRow, MetricPointRow, ScrapeSampleRow, SpanRow } from '../rows.js';
import { jsonOrNull, jsonText, sharedJsonOrNull } from './json-text.js';
import { traceKeyOf } from './trace-key.js';

/**
 * Row → appender, column by column in table order (see schema.ts). Runs in the worker only:
 * the appender's flush is synchronous.
 */

function varcharOrNull(appender: DuckDBAppender, value: string | null | undefined): void {
  if (value === undefined || value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function bigintOrNull(appender: DuckDBAppender, value: bigint | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendBigInt(value);
}

function doubleOrNull(appender: DuckDBAppender, value: number | undefined): void {
  if (value === undefined || value === null) appender.appendNull();
  else appender.appendDouble(value);
}

function httpStatus(value: unknown): number | null {
  const status = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 0 && status < 65536 ? status : null;
}

/** Events and links as JSON text; event times (bigint) as decimal strings, written explicitly so
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

export function appendSpan(appender: DuckDBAppender, row: SpanRow): void {
  const attributes = row.attributes;
  const route = attributes?.['http.route'];
  const status = httpStatus(attributes?.['http.response.status_code'] ?? attributes?.['http.status_code']);
  appender.appendBigInt(row.startTimeUnixNano);
  appender.appendVarchar(row.traceId);
  appender.appendVarchar(row.spanId);
  appender.appendVarchar(row.parentSpanId ?? '');
  varcharOrNull(appender, row.traceState);
  appender.appendVarchar(row.name);
  appender.appendUTinyInt(row.kind);
  appender.appendVarchar(row.serviceName);
  const duration = row.endTimeUnixNano - row.startTimeUnixNano;
  appender.appendBigInt(duration > 0n ? duration : 0n);
  appender.appendUTinyInt(row.statusCode);
  varcharOrNull(appender, row.statusMessage);
  varcharOrNull(appender, typeof route === 'string' ? route : null);
  if (status === null) appender.appendNull();
  else appender.appendUSmallInt(status);
  varcharOrNull(appender, row.scopeName);
  varcharOrNull(appender, row.scopeVersion);
  varcharOrNull(appender, sharedJsonOrNull(row.resourceAttributes));
  varcharOrNull(appender, jsonOrNull(attributes));
  varcharOrNull(appender, eventsText(row.events));
  varcharOrNull(appender, jsonOrNull(row.links));
  const key = traceKeyOf(row.traceId);
  if (key === null) appender.appendNull();
  else appender.appendUInteger(key);
  appender.endRow();
}

export function appendLog(appender: DuckDBAppender, row: LogRow, seq: bigint): void {
  appender.appendBigInt(seq);
  appender.appendBigInt(row.timeUnixNano);
  bigintOrNull(appender, row.observedTimeUnixNano);
  varcharOrNull(appender, row.traceId || null);
  varcharOrNull(appender, row.spanId || null);
  if (row.flags === undefined) appender.appendNull();
  else appender.appendUInteger(row.flags);
  varcharOrNull(appender, row.severityText);
  appender.appendUTinyInt(row.severityNumber);
  appender.appendVarchar(row.serviceName);
  const bodyIsText = typeof row.body === 'string';
  varcharOrNull(appender, bodyIsText ? (row.body as string) : jsonOrNull(row.body));
  appender.appendBoolean(!bodyIsText && row.body !== null && row.body !== undefined);
  varcharOrNull(appender, row.scopeName);
  varcharOrNull(appender, row.scopeVersion);
  varcharOrNull(appender, sharedJsonOrNull(row.resourceAttributes));
  varcharOrNull(appender, jsonOrNull(row.attributes));
  varcharOrNull(appender, row.eventName);
  appender.endRow();
}

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

export function appendMetricPoint(appender: DuckDBAppender, row: MetricPointRow): void {
  appender.appendBigInt(row.timeUnixNano);
  bigintOrNull(appender, row.startTimeUnixNano);
  appender.appendVarchar(row.serviceName);
  appender.appendVarchar(row.name);
  appender.appendVarchar(row.type);
  varcharOrNull(appender, row.unit);
  varcharOrNull(appender, row.description);
  varcharOrNull(appender, row.scopeName);
  varcharOrNull(appender, row.scopeVersion);
  varcharOrNull(appender, sharedJsonOrNull(row.resourceAttributes));
  appender.appendVarchar(jsonText(row.attributes ?? {}));
  if (row.flags === undefined) appender.appendNull();
  else appender.appendUInteger(row.flags);
  const hasValue = row.type === 'gauge' || row.type === 'sum';
  doubleOrNull(appender, hasValue ? row.value : undefined);
  if (hasValue) appender.appendNull();
  else appender.appendUBigInt(BigInt(Math.max(0, Math.trunc(row.count))));
  doubleOrNull(appender, hasValue ? undefined : row.sum);
  doubleOrNull(appender, row.type === 'histogram' || row.type === 'exponentialHistogram' ? row.min : undefined);
  doubleOrNull(appender, row.type === 'histogram' || row.type === 'exponentialHistogram' ? row.max : undefined);
  if (row.type === 'sum') appender.appendBoolean(row.isMonotonic);
  else appender.appendNull();
  if (row.type === 'summary' || row.type === 'gauge') appender.appendNull();
  else appender.appendUTinyInt(row.aggregationTemporality);
  varcharOrNull(appender, metricDetail(row));
  varcharOrNull(appender, jsonOrNull(row.exemplars));
  appender.endRow();
}

export function appendScrapeSample(appender: DuckDBAppender, row: ScrapeSampleRow): void {
  appender.appendBigInt(row.timeUnixNano);
  appender.appendVarchar(row.target);
  varcharOrNull(appender, row.job);
  appender.appendVarchar(row.name);
  varcharOrNull(appender, row.metricType);
  appender.appendVarchar(jsonText(row.labels));
  appender.appendDouble(row.value);
  varcharOrNull(appender, row.exemplar ? jsonText([row.exemplar]) : null);
  varcharOrNull(appender, row.description);
  varcharOrNull(appender, row.unit);
  appender.endRow();
}

export function appendException(appender: DuckDBAppender, row: ExceptionRow): void {
  appender.appendBigInt(row.timeUnixNano);
  appender.appendVarchar(row.serviceName);
  appender.appendVarchar(row.fingerprint);
  appender.appendVarchar(row.type);
  varcharOrNull(appender, row.message === '' ? null : row.message);
  varcharOrNull(appender, row.stacktrace === '' ? null : row.stacktrace);
  appender.appendVarchar(row.traceId);
  appender.appendVarchar(row.spanId);
  varcharOrNull(appender, row.route === '' ? null : row.route);
  appender.appendVarchar(row.source);
  varcharOrNull(appender, row.serviceVersion === '' ? null : row.serviceVersion);
  appender.endRow();
}

/** Event time of a row, for the partition's time range (query pruning, retention by age). */
export function rowTime(table: AppendTable, row: unknown): bigint {
  return table === 'spans' ? (row as SpanRow).startTimeUnixNano : (row as { timeUnixNano: bigint }).timeUnixNano;
}
