/**
 * Exceptions from both signals (semconv `exception.*`): span events named `exception` and log
 * records carrying `exception.type` or `exception.stacktrace` (instrumentations may report them
 * as logs: OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN). Each gets the fingerprint the SDK's own error
 * tracker would give it — the same module, not a copy — or the one the SDK already attached.
 */
import { fingerprintFromStack } from '@sightline/sdk/fingerprint';
import type { Attributes, AttributeValue, LogRow, SpanRow } from './rows.js';

export interface ExceptionRow {
  timeUnixNano: bigint;
  serviceName: string;
  fingerprint: string;
  type: string;
  message: string;
  stacktrace: string;
  traceId: string;
  spanId: string;
  /** The http.route of the span that recorded it, when it has one. */
  route: string;
  source: 'span' | 'log';
  /** The resource's service.version (the release it ran), '' when it has none. */
  serviceVersion: string;
}

const text = (value: AttributeValue | undefined): string => (typeof value === 'string' ? value : '');

function exceptionOf(
  attributes: Attributes,
  base: Omit<ExceptionRow, 'fingerprint' | 'type' | 'message' | 'stacktrace'>,
): ExceptionRow | undefined {
  const type = text(attributes['exception.type']);
  const message = text(attributes['exception.message']);
  const stacktrace = text(attributes['exception.stacktrace']);
  if (type === '' && stacktrace === '' && message === '') return undefined;
  const given = text(attributes['sightline.error.fingerprint']);
  const fingerprint = given !== '' ? given : fingerprintFromStack(type === '' ? 'Error' : type, stacktrace, { message }).id;
  return { ...base, fingerprint, type: type === '' ? 'Error' : type, message, stacktrace };
}

export function exceptionRowsOfSpans(spans: readonly SpanRow[]): ExceptionRow[] {
  const rows: ExceptionRow[] = [];
  for (const span of spans) {
    if (span.events === undefined || span.events.length === 0) continue;
    const route = text(span.attributes?.['http.route']);
    for (const event of span.events) {
      if (event.name !== 'exception' || event.attributes === undefined) continue;
      const row = exceptionOf(event.attributes, {
        timeUnixNano: event.timeUnixNano,
        serviceName: span.serviceName,
        traceId: span.traceId,
        spanId: span.spanId,
        route,
        source: 'span',
        serviceVersion: text(span.resourceAttributes?.['service.version']),
      });
      if (row !== undefined) rows.push(row);
    }
  }
  return rows;
}

export function exceptionRowsOfLogs(logs: readonly LogRow[]): ExceptionRow[] {
  const rows: ExceptionRow[] = [];
  for (const log of logs) {
    const attributes = log.attributes;
    if (attributes === undefined || (attributes['exception.type'] === undefined && attributes['exception.stacktrace'] === undefined)) {
      continue;
    }
    const row = exceptionOf(attributes, {
      timeUnixNano: log.timeUnixNano,
      serviceName: log.serviceName,
      traceId: log.traceId ?? '',
      spanId: log.spanId ?? '',
      route: text(attributes['http.route']),
      source: 'log',
      serviceVersion: text(log.resourceAttributes?.['service.version']),
    });
    if (row !== undefined) rows.push(row);
  }
  return rows;
}
