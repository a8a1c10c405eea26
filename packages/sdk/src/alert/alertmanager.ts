/**
 * `@sightline/sdk/alertmanager`: the Alertmanager v2 client alone, without an observer, for the
 * console's alerts (error groups that are new or came back). It loads zod and nothing else of the SDK
 * but its error base classes.
 */
export { AlertmanagerError, SightlineAlertError } from './alert-errors.js';
export type { Alert, AlertTime } from './alert-input.js';
export {
  type AlertmanagerAlert,
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
  createAlertmanagerClient,
} from './alertmanager-client.js';
export type { SilenceInput, SilenceMatcher } from './silence-input.js';
export type { AlertmanagerSilence, SilenceListFilter } from './silences.js';
