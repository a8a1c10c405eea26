export { type CreateObserverOptions, createObserver } from './create-observer.js';
export type { Observer, ObserverDebug, ObserverMetrics } from './observer-api.js';
