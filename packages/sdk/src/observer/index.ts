export { type CreateObserverOptions, createObserver } from './create-observer.js';
export type { Observer, ObserverDebug, ObserverHttp, ObserverMetrics } from './observer-api.js';
