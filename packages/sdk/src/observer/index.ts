export { type CreateObserverOptions, createObserver } from './create-observer.js';
export { Lifecycle, type ShutdownPhase } from './lifecycle.js';
export type { Observer, ObserverDebug, ObserverMetrics } from './observer-api.js';
