export { type AlertFeed, alertFeed } from './alert-feed.js';
export { alertFacts, alertKey } from './alert-key.js';
export {
  type AlertSettings,
  type ErrorAlertSettings,
  errorAlertsOf,
  errorGroupAlerts,
  NEW_ALERT,
  REGRESSED_ALERT,
} from './error-alerts.js';
export { type AlertDelivery, type AlertHistorySink, AlertNotifier, type AlertNotifierOptions, type AlertSource } from './notifier.js';
export { sloAlerts, sloAlertsOf } from './slo-alerts.js';
