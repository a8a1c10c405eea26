export { type Fingerprint, fingerprintError, fingerprintMessage, normalizeMessage } from '../fingerprint/index.js';
export { type Breadcrumb, BreadcrumbRing, breadcrumbsOf, recordBreadcrumb } from './breadcrumbs.js';
export type { CaptureMechanism, CaptureOptions, CaptureUser, ErrorEvent, ErrorLevel, EventRequest } from './error-event.js';
export {
  type CapturedErrorsCounter,
  createErrorTracker,
  type ErrorTracker,
  type ErrorTrackerOptions,
  type OwnedErrorTracker,
  type RequestFacts,
} from './error-tracker.js';
export type { ErrorGroup } from './group-table.js';
export { installProcessHandlers, type UnhandledRejectionsMode, unhandledRejectionsMode } from './process-handlers.js';
export { loadSentry, type SentryModule } from './sentry-module.js';
