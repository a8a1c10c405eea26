export { BearerAuth, generateToken } from './auth.js';
export {
  type DebugServer,
  type DebugServerAddress,
  type DebugServerOptions,
  startDebugServer,
} from './debug-server.js';
export { DebugToggle, type DebugToggleOptions, type DebugToggleStatus } from './debug-toggle.js';
export { DUMP_REDACT_KEYS } from './dump-redaction.js';
export type { DebugErrorGroups } from './error-routes.js';
export { redactConfig } from './redact-config.js';
export type { DebugSloSource } from './slo-routes.js';
export type { DebugToggleEndpoint } from './toggle-routes.js';
export { ToggleScope, type ToggleScopeFilter } from './toggle-scope.js';
