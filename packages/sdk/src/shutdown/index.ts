export { type DrainableServer, GracefulShutdown, type ShutdownHandle, type ShutdownHost } from './graceful-shutdown.js';
export { Lifecycle } from './lifecycle.js';
export type { DrainOptions, ServeOptions } from './serve-options.js';
export type { ShutdownPhase } from './shutdown-phase.js';
