export { ENV_TABLE, type EnvEntry, type EnvSource } from './env.js';
export { DEFAULT_SERVICE_NAME, resolveOptions } from './resolve.js';
export {
  LABEL_NAME_PATTERN,
  LOG_LEVELS,
  type LogDestination,
  type LogLevel,
  METRIC_NAME_PATTERN,
  type ObserverOptions,
  type ResolvedAlertingOptions,
  type ResolvedApmOptions,
  type ResolvedDebugOptions,
  type ResolvedErrorsOptions,
  type ResolvedHealthOptions,
  type ResolvedHttpOptions,
  type ResolvedLogOptions,
  type ResolvedMetricsOptions,
  type ResolvedOptions,
  type ResolvedShutdownOptions,
  type ResolvedSloOptions,
  type ResolvedTraceOptions,
} from './schema.js';
