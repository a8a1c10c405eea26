export { type HighErrorRateInput, highErrorRateAlert, type ServiceDownInput, serviceDownAlert } from './alert-builders.js';
export { AlertmanagerError, type AlertmanagerErrorDetails, SightlineAlertError } from './alert-errors.js';
export type { AlertListFilter } from './alert-filter.js';
export type { Alert, AlertTime, PostableAlert } from './alert-input.js';
export {
  type AlertmanagerAlert,
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
  createAlertmanagerClient,
  type ResolveOptions,
  type SendOptions,
} from './alertmanager-client.js';
export { createObserverAlerts } from './observer-alerts.js';
export type { SilenceInput, SilenceMatcher } from './silence-input.js';
export type { AlertmanagerSilence, SilenceListFilter } from './silences.js';
