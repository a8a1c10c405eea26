export { type CreateObserverOptions, createObserver, type Observer, type ObserverDebug, type ObserverMetrics } from './create-observer.js';
export { Lifecycle, type ShutdownPhase } from './lifecycle.js';
