export {
  type Alert,
  type AlertListFilter,
  type AlertmanagerAlert,
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
  AlertmanagerError,
  type AlertmanagerSilence,
  type AlertTime,
  createAlertmanagerClient,
  type HighErrorRateInput,
  highErrorRateAlert,
  type ResolveOptions,
  type SendOptions,
  type ServiceDownInput,
  SightlineAlertError,
  type SilenceInput,
  type SilenceListFilter,
  type SilenceMatcher,
  serviceDownAlert,
} from './alert/index.js';
export {
  type Apm,
  type ApmWindow,
  type RouteSummary,
  TRANSACTION_RESULT_ATTRIBUTE,
  TRANSACTION_TYPE_ATTRIBUTE,
  Transaction,
  type TransactionOptions,
} from './apm/index.js';
export type { LogDestination, LogLevel, ObserverOptions, ResolvedOptions } from './config/index.js';
export { ENV_TABLE, type EnvEntry } from './config/index.js';
export type { RequestContext } from './context/index.js';
export {
  type DebugServerAddress,
  type DebugToggle,
  type DebugToggleEndpoint,
  type DebugToggleStatus,
  DUMP_REDACT_KEYS,
} from './debug/index.js';
export type {
  CaptureMechanism,
  CaptureOptions,
  CaptureUser,
  ErrorGroup,
  ErrorLevel,
  ErrorTracker,
} from './errors/index.js';
export {
  type CheckDetails,
  type CheckFunction,
  type CheckOutcome,
  type CheckResult,
  type CheckSettings,
  type DiskSpaceCheckOptions,
  diskSpaceCheck,
  type EventLoopDelayCheckOptions,
  eventLoopDelayCheck,
  type Health,
  type HealthCheck,
  type HealthReport,
  type HealthStatus,
  type HeapCheckOptions,
  type HttpDependencyCheckOptions,
  heapCheck,
  httpDependencyCheck,
  type IoRedisLike,
  type NodeRedisLike,
  type PostgresCheckOptions,
  type PostgresClientLike,
  type Probe,
  type ProbeKind,
  postgresCheck,
  type RedisCheckOptions,
  type RedisClientLike,
  redisCheck,
} from './health/index.js';
export { DEFAULT_REDACT_KEYS } from './log/index.js';
export {
  type CreateObserverOptions,
  createObserver,
  type Observer,
  type ObserverDebug,
  type ObserverHttp,
  type ObserverMetrics,
} from './observer/index.js';
export type { DrainableServer, DrainOptions, ServeOptions, ShutdownHandle, ShutdownPhase } from './shutdown/index.js';
export {
  SightlineConfigError,
  SightlineError,
  type SightlineErrorCode,
  SightlineMetricError,
  SightlineShutdownTimeoutError,
} from './sightline-error/index.js';
export type {
  ObserverSlo,
  SloAlertCondition,
  SloBurnRate,
  SloSeverity,
  SloSliView,
  SloStatus,
} from './slo/index.js';
