import type { Resource } from '@opentelemetry/resources';
import type { ResolvedOptions } from '../config/index.js';
import { getRequestContext } from '../context/index.js';
import { ToggleScope } from '../debug/index.js';
import { recordBreadcrumb } from '../errors/index.js';
import { createLoggerSetup, createOtlpLogStream, type LineTap, type LoggerSetup, type OtlpLogStream } from '../log/index.js';
import { createMetricsSetup, type MetricsSetup } from '../metrics/index.js';
import { createInternalErrorReporter, INTERNAL_ERROR_COMPONENTS, type InternalErrorReporter } from './internal-errors.js';

/** What every later setup step builds on: the options, metrics, logs and the internal error reporter. */
export interface ObserverCore {
  readonly options: ResolvedOptions;
  readonly metrics: MetricsSetup;
  readonly logs: LoggerSetup;
  /** The debug toggle's logger gate; only with the debug server (without it, lines pay nothing). */
  readonly toggleScope: ToggleScope | undefined;
  readonly reportInternalError: InternalErrorReporter;
  /** The OTLP log export when `log.otlp.enabled`: flushed at shutdown, before the log files close. */
  readonly logExport: OtlpLogStream | undefined;
}

function otlpLogExport(
  options: ResolvedOptions,
  resource: Resource,
  reportInternalError: InternalErrorReporter,
): OtlpLogStream | undefined {
  if (!options.log.otlp.enabled) return undefined;
  return createOtlpLogStream({
    endpoint: options.log.otlp.endpoint ?? options.trace.endpoint.replace(/\/v1\/traces$/, '/v1/logs'),
    resource,
    // From the env table and options only (resolveOptions falls back to the trace export's).
    headers: options.log.otlp.headers,
    timeoutMs: options.log.otlp.exportTimeoutMs,
    onQueueFull: (count) =>
      reportInternalError('log-export', new Error(`OTLP log queue full: the ${count} oldest waiting lines were dropped`)),
    onExportError: (error) => reportInternalError('log-export', error),
  });
}

/** Error breadcrumbs (errors/): the request's last `capacity` lines, kept for its captured errors. */
function breadcrumbTap(capacity: number): LineTap {
  return (args, level, active) => recordBreadcrumb(args, level, capacity, getRequestContext(active));
}

/**
 * Metrics and logs, which report through each other: the internal error reporter logs and
 * counts, a metric's first overflow is logged, a sampled-out line is counted.
 */
export function wireLogsAndMetrics(options: ResolvedOptions, resource: Resource): ObserverCore {
  let metricsSetup: MetricsSetup | undefined;
  let loggerSetup: LoggerSetup | undefined;
  const reportInternalError = createInternalErrorReporter(
    () => (loggerSetup as LoggerSetup).logger,
    (component) => metricsSetup?.internalErrors.inc({ component }),
  );

  metricsSetup = createMetricsSetup({
    metrics: options.metrics,
    onFirstOverflow: (metric, limit) =>
      loggerSetup?.logger.warn({ metric, limit }, 'metric reached its series limit; new label sets fold into __overflow__'),
    droppedLogLines: () => loggerSetup?.output.droppedLines() ?? 0,
  });
  const metrics = metricsSetup;
  for (const component of INTERNAL_ERROR_COMPONENTS) metrics.internalErrors.inc({ component }, 0);

  const logExport = otlpLogExport(options, resource, reportInternalError);
  const toggleScope = options.debug.enabled ? new ToggleScope() : undefined;
  loggerSetup = createLoggerSetup({
    serviceName: options.serviceName,
    log: options.log,
    pretty: options.log.pretty ?? (options.environment === 'development' && process.stdout.isTTY === true),
    extraStreams: logExport === undefined ? [] : [logExport],
    onSampledOut: (level) => metrics.logLinesSampledOut.inc({ level }),
    // Counted, not logged: the failing destination may be where the log line would go.
    onWriteError: () => metrics.internalErrors.inc({ component: 'log-write' }),
    ...(options.errors.breadcrumbs > 0 ? { lineTap: breadcrumbTap(options.errors.breadcrumbs) } : {}),
    ...(toggleScope === undefined ? {} : { levelGate: toggleScope }),
  });
  return { options, metrics, logs: loggerSetup, toggleScope, reportInternalError, logExport };
}
