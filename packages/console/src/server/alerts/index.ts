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
export { INCIDENT_ALERT, incidentAlerts, incidentAlertsOf } from './incident-alerts.js';
export { type AlertDelivery, type AlertHistorySink, AlertNotifier, type AlertNotifierOptions, type AlertSource } from './notifier.js';
export { type AlertSilences, alertSilences, type Silence, type SilenceRequest, silencedBy } from './silences.js';
export { sloAlerts, sloAlertsOf } from './slo-alerts.js';
