import type { HrTime, LogRecordInput } from '@sightline/otlp/encode';
import { addExceptionAttributes, CAPTURED_ERROR_MESSAGE } from './exception-attributes.js';

/** pino's numeric levels as OTLP severities (logs data model: the first number of each range). */
const SEVERITY: Readonly<Record<number, { readonly number: number; readonly text: string }>> = {
  10: { number: 1, text: 'TRACE' },
  20: { number: 5, text: 'DEBUG' },
  30: { number: 9, text: 'INFO' },
  40: { number: 13, text: 'WARN' },
  50: { number: 17, text: 'ERROR' },
  60: { number: 21, text: 'FATAL' },
};

/** Fields that become the record's own fields rather than attributes. */
const CONSUMED = new Set(['level', 'time', 'msg', 'trace_id', 'span_id', 'pid', 'hostname']);
/** OpenTelemetry JS's default log record attribute count limit, kept so records look as they did. */
const MAX_ATTRIBUTES = 128;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZERO = /^0+$/;
/** The line does not say; a line with ids was written inside a recording span. */
const SAMPLED = 1;

/** Epoch milliseconds as [seconds, nanoseconds], rounded as OpenTelemetry JS's millisToHrTime. */
export function millisToHrTime(millis: number): HrTime {
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1_000_000)];
}

const validId = (id: unknown, pattern: RegExp): id is string => typeof id === 'string' && pattern.test(id) && !ALL_ZERO.test(id);

/**
 * One pino JSON line as an OTLP log record: `msg` is the body, the level its severity, `time`
 * its timestamp, `trace_id`/`span_id` its span; every other field is an attribute, objects and
 * arrays as their JSON text. An error under `err` (or `error`) is also written as the semantic
 * conventions' `exception.*` attributes with its group's fingerprint (exception-attributes.ts;
 * `root` is the error tracker's, for paths in fingerprints). Returns undefined for a line that
 * is not a JSON object.
 */
export function pinoLineToLogRecord(line: string, observed: HrTime, root: string): LogRecordInput | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  const record = fields as Record<string, unknown>;
  const severity = SEVERITY[record.level as number];
  const attributes: Record<string, unknown> = {};
  // First, so the attribute limit never drops them. Only a line with an error (or the error
  // tracker's, whose thrown value may have been undefined) does more than these reads.
  let count =
    record.err === undefined && record.error === undefined && record.msg !== CAPTURED_ERROR_MESSAGE
      ? 0
      : addExceptionAttributes(record, attributes, root);
  let dropped = 0;
  for (const key in record) {
    const value = record[key];
    if (CONSUMED.has(key) || key === '') continue;
    if (count === MAX_ATTRIBUTES) {
      dropped++;
      continue;
    }
    attributes[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
    count++;
  }
  const traceId = record.trace_id;
  const spanId = record.span_id;
  return {
    hrTime: typeof record.time === 'number' ? millisToHrTime(record.time) : observed,
    hrTimeObserved: observed,
    severityNumber: severity?.number,
    severityText: severity?.text,
    body: typeof record.msg === 'string' ? record.msg : '',
    attributes,
    droppedAttributesCount: dropped,
    spanContext: validId(traceId, TRACE_ID) && validId(spanId, SPAN_ID) ? { traceId, spanId, traceFlags: SAMPLED } : undefined,
  };
}
