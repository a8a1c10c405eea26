/**
 * Store results in the API's shapes (schemas.ts): nanosecond times as decimal strings,
 * durations in milliseconds, enums by name.
 */
import type {
  ExemplarRow,
  RedRow,
  StoredLog,
  StoredMetricPoint,
  StoredSpan,
  TraceSummary as StoredTraceSummary,
  StoreStats,
} from '../store/index.js';
import type { Exemplar, LogRecord, MetricPoint, SpanDetail, StoreStatsAnswer, TraceSummary } from './schemas.js';

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUSES = ['unset', 'ok', 'error'] as const;

export const nanosToMs = (nanos: bigint): number => Number(nanos) / 1e6;
export const msToNanos = (ms: number): bigint => BigInt(Math.round(ms)) * 1_000_000n;

/** Stored text the API sends as null when it is empty (no parent, no status message, no scope…). */
const textOrNull = (text: string): string | null => (text === '' ? null : text);

/** Event and link times come back from JSON text as strings or numbers; normalise to a decimal string. */
const nanoText = (value: unknown): string => (typeof value === 'bigint' ? value.toString() : String(value ?? '0'));

export function traceSummaryOf(summary: StoredTraceSummary): TraceSummary {
  return {
    traceId: summary.traceId,
    rootService: summary.rootServiceName,
    rootName: summary.rootName,
    rootStatusCode: summary.rootStatusCode,
    startTimeUnixNano: summary.startTimeUnixNano.toString(),
    endTimeUnixNano: (summary.startTimeUnixNano + summary.durationNano).toString(),
    durationMs: nanosToMs(summary.durationNano),
    spanCount: summary.spanCount,
    errorCount: summary.errorCount,
    services: summary.services,
  };
}

/**
 * A stored span in the API's trace detail shape. The API sends traces as JSON the store builds in
 * SQL (store/worker/trace-queries.ts `SPAN_JSON`); this is the same mapping in JavaScript, the
 * reference that JSON is tested against.
 */
export function spanDetailOf(span: StoredSpan): SpanDetail {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: textOrNull(span.parentSpanId),
    service: span.serviceName,
    name: span.name,
    kind: KINDS[span.kind] ?? 'unspecified',
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: (span.startTimeUnixNano + span.durationNano).toString(),
    durationMs: nanosToMs(span.durationNano),
    status: STATUSES[span.statusCode] ?? 'unset',
    statusMessage: textOrNull(span.statusMessage),
    attributes: span.attributes,
    resource: span.resourceAttributes,
    scopeName: span.scopeName,
    scopeVersion: textOrNull(span.scopeVersion),
    traceState: textOrNull(span.traceState),
    events: span.events.map((event) => ({
      timeUnixNano: nanoText(event.timeUnixNano),
      name: event.name,
      attributes: event.attributes ?? {},
    })),
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      traceState: textOrNull(link.traceState ?? ''),
      attributes: link.attributes ?? {},
    })),
    errorGroups: span.errorFingerprints,
  };
}

export function logRecordOf(log: StoredLog): LogRecord {
  return {
    cursor: log.cursor.toString(),
    timeUnixNano: log.timeUnixNano.toString(),
    service: log.serviceName,
    severityNumber: log.severityNumber,
    severityText: textOrNull(log.severityText),
    body: log.body,
    attributes: log.attributes,
    traceId: textOrNull(log.traceId),
    spanId: textOrNull(log.spanId),
    observedTimeUnixNano: log.observedTimeUnixNano === null ? null : log.observedTimeUnixNano.toString(),
    eventName: textOrNull(log.eventName),
    resource: log.resourceAttributes,
    scopeName: textOrNull(log.scopeName),
  };
}

/** OTLP SeverityNumber ranges: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
export const SEVERITY_FLOOR = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 } as const;

export function redStatsOf(
  row: Pick<RedRow, 'requests' | 'ratePerSecond' | 'recentRatePerSecond' | 'errorRatio' | 'p50Ms' | 'p95Ms' | 'p99Ms'>,
) {
  return {
    requests: row.requests,
    ratePerSecond: row.ratePerSecond,
    recentRatePerSecond: row.recentRatePerSecond,
    errorRatio: row.errorRatio,
    p50Ms: row.p50Ms,
    p95Ms: row.p95Ms,
    p99Ms: row.p99Ms,
  };
}

export function exemplarOf(exemplar: ExemplarRow): Exemplar {
  return {
    timeUnixNano: nanoText(exemplar.timeUnixNano),
    value: exemplar.value,
    traceId: exemplar.traceId ?? null,
    spanId: exemplar.spanId ?? null,
    filteredAttributes: exemplar.filteredAttributes ?? {},
  };
}

export function metricPointOf(point: StoredMetricPoint): MetricPoint {
  return {
    service: point.serviceName,
    type: point.type,
    attributes: point.attributes,
    timeUnixNano: point.timeUnixNano.toString(),
    value: point.value,
    count: point.count,
    min: point.min,
    max: point.max,
    detail: point.detail,
    exemplars: point.exemplars.map(exemplarOf),
    source: point.source,
    temporality: point.temporality,
    startTimeUnixNano: point.startTimeUnixNano === null ? null : point.startTimeUnixNano.toString(),
    monotonic: point.monotonic,
  };
}

export function storeStatsOf(stats: StoreStats): StoreStatsAnswer {
  return {
    ...stats,
    partitions: stats.partitions.map((partition) => ({
      ...partition,
      minTimeUnixNano: partition.minTimeUnixNano?.toString() ?? null,
      maxTimeUnixNano: partition.maxTimeUnixNano?.toString() ?? null,
    })),
  };
}
