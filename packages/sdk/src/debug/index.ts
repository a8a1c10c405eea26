export { BearerAuth, generateToken, isLoopbackHost } from './auth.js';
export { type CpuPprofOptions, cpuProfileToPprof } from './cpu-pprof.js';
export { CPU_SAMPLING_INTERVAL_MICROS } from './cpu-profile.js';
export {
  type DebugServer,
  type DebugServerAddress,
  type DebugServerOptions,
  startDebugServer,
} from './debug-server.js';
export { DebugToggle, type DebugToggleOptions, type DebugToggleStatus } from './debug-toggle.js';
export { DUMP_REDACT_KEYS } from './dump-redaction.js';
export type { DebugErrorGroups } from './error-routes.js';
export { type HeapPprofOptions, heapProfileToPprof, type SamplingHeapProfile, type SamplingHeapProfileNode } from './heap-pprof.js';
export { HEAP_SAMPLING_INTERVAL_BYTES } from './heap-profile.js';
export { encodePprof } from './pprof-builder.js';
export { redactConfig } from './redact-config.js';
export type { DebugToggleEndpoint } from './toggle-routes.js';
export { ToggleScope, type ToggleScopeFilter } from './toggle-scope.js';
