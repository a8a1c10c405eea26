import type { Logger } from 'pino';
import type { ResolvedOptions } from '../config/index.js';
import type { OtlpLogStream } from '../log/index.js';
import type { TracingSetup, UndeliveredReport } from '../trace/index.js';

/**
 * Share of shutdownTimeoutMs the telemetry flush may take: a collector that is down or hangs
 * costs at most this, and the close phase (log files) still has most of the budget left.
 * With the default 5 s budget: 1.25 s.
 */
const FLUSH_SHARE = 0.25;

/** The flush deadline of the span and log exports at shutdown; never longer than one export may take. */
export function telemetryFlushMs(options: ResolvedOptions): number {
  return Math.max(1, Math.min(options.trace.exportTimeoutMs, Math.floor(options.shutdownTimeoutMs * FLUSH_SHARE)));
}

interface Undelivered {
  readonly spans?: UndeliveredReport;
  readonly log_records?: UndeliveredReport;
}

/**
 * The flush-phase hook for exported telemetry: spans and OTLP log records are flushed together
 * within telemetryFlushMs, then what could not be sent is reported in one warning line (how
 * many, why, where). Undelivered telemetry never fails the shutdown: losing it is a warning,
 * and the counts are already in the dropped-telemetry metrics.
 */
export function telemetryFlush(
  options: ResolvedOptions,
  logger: Logger,
  tracing: TracingSetup,
  logExport: OtlpLogStream | undefined,
): () => Promise<void> {
  const flushMs = telemetryFlushMs(options);
  const prefix = options.metrics.prefix;
  return async () => {
    // A span processor of the app's own may fail its shutdown: ours still report, then the hook fails.
    const [traces, logs] = await Promise.allSettled([tracing.shutdown(), logExport?.shutdown(flushMs)]);
    report(logger, flushMs, prefix, tracing.undelivered(), logExport?.undelivered());
    if (traces.status === 'rejected') throw traces.reason;
    if (logs.status === 'rejected') throw logs.reason;
  };
}

/** The one warning line; nothing when everything was delivered. */
function report(
  logger: Logger,
  flushMs: number,
  prefix: string,
  spans: UndeliveredReport | undefined,
  logRecords: UndeliveredReport | undefined,
): void {
  if (spans === undefined && logRecords === undefined) return;
  const lost: Undelivered = {
    ...(spans === undefined ? {} : { spans }),
    ...(logRecords === undefined ? {} : { log_records: logRecords }),
  };
  const metrics = [spans && `${prefix}sightline_spans_dropped_total`, logRecords && `${prefix}sightline_log_lines_dropped_total`];
  logger.warn(
    { undelivered: lost, flush_timeout_ms: flushMs },
    `telemetry not delivered at shutdown (${describe(lost)}); counted in ${metrics.filter(Boolean).join(' and ')}`,
  );
}

function describe(lost: Undelivered): string {
  const parts: string[] = [];
  if (lost.spans) parts.push(`${lost.spans.count} span(s) to ${lost.spans.endpoint}: ${lost.spans.reason}`);
  if (lost.log_records) parts.push(`${lost.log_records.count} log record(s) to ${lost.log_records.endpoint}: ${lost.log_records.reason}`);
  return parts.join('; ');
}
