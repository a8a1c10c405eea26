export { ENV_TABLE, type EnvEntry } from './config/env.js';
export {
  SightlineConfigError,
  SightlineError,
  type SightlineErrorCode,
  SightlineMetricError,
  SightlineShutdownTimeoutError,
} from './config/errors.js';
export type { LogDestination, LogLevel, ObserverOptions, ResolvedOptions } from './config/schema.js';
export { getRequestContext, type RequestContext } from './context/index.js';
export { UNMATCHED_ROUTE } from './http/index.js';
export { DEFAULT_REDACT_KEYS } from './log/index.js';
export { OVERFLOW_VALUE } from './metrics/index.js';
export { type CreateObserverOptions, createObserver, type Observer, type ObserverMetrics } from './observer/index.js';
export { recordSpanError } from './trace/index.js';
