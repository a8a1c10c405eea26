export { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS, promDuration, windowSeconds } from './duration.js';
export { formatPath, SloSpecError } from './errors.js';
export type { Alerting, AlertOverride, MetricsSource, RequestScope, Sli, Slo, SloSpec, SloWindow } from './model.js';
export { DEFAULT_WINDOW, SDK_DURATION_BUCKETS } from './model.js';
export { type ParseOptions, parseSloSpec, parseSloSpecs } from './parse.js';
