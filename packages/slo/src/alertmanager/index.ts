export {
  alertmanagerConfig,
  alertmanagerConfigObject,
  GROUP_BY,
  PAGE_RECEIVER,
  TICKET_RECEIVER,
} from './alertmanager-config.js';
export {
  type AlertmanagerOptions,
  AlertmanagerOptionsError,
  PAGE_TIMING,
  type ResolvedAlertmanagerOptions,
  TICKET_TIMING,
} from './options.js';
