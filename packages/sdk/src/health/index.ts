export { type DiskSpaceCheckOptions, diskSpaceCheck } from './checks/disk.js';
export { type EventLoopDelayCheckOptions, eventLoopDelayCheck } from './checks/event-loop-delay.js';
export { type HeapCheckOptions, heapCheck } from './checks/heap.js';
export { type HttpDependencyCheckOptions, httpDependencyCheck } from './checks/http-dependency.js';
export { type PostgresCheckOptions, type PostgresClientLike, postgresCheck } from './checks/postgres.js';
export { type IoRedisLike, type NodeRedisLike, type RedisCheckOptions, type RedisClientLike, redisCheck } from './checks/redis.js';
export { createHealth, type Health, type HealthSetup } from './create-health.js';
export { HealthRegistry } from './health-registry.js';
export type { ProbeResponder } from './probe-responder.js';
export type {
  CheckDetails,
  CheckFunction,
  CheckOutcome,
  CheckResult,
  CheckSettings,
  HealthCheck,
  HealthReport,
  HealthStatus,
  Probe,
  ProbeKind,
} from './types.js';
