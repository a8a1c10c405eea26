export { alertKey, type ErrorAlertSettings, errorAlertsOf, NEW_ALERT, REGRESSED_ALERT } from './error-alerts.js';
export { ErrorNotifier, type ErrorNotifierOptions } from './error-notifier.js';
