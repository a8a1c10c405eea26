export { CountRing, type EventCounts } from './count-ring.js';
export { createSlo, type ObserverSlo, type SloSetup, type SloSetupOptions } from './create-slo.js';
export { RequestSlos } from './request-slos.js';
export { SLO_CHECK_NAME } from './slo-health.js';
export type { SloAlertCondition, SloBurnRate, SloSeverity, SloSliView, SloStatus } from './slo-status.js';
export { loadSloSpec, type SpecDefaults } from './spec-source.js';
