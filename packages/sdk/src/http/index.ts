export { attachRequestPass, requestPassOf } from './attached-pass.js';
export { resolveRequestId } from './request-id.js';
export { sentHeaders } from './request-id-header.js';
export { requestLogLine } from './request-log-line.js';
export {
  type RequestOutcome,
  RequestPass,
  type RequestPassListener,
  type RequestPassOptions,
  type RequestState,
  type RouteLookup,
} from './request-pass.js';
export { isClientError, respondWithClientError, respondWithError } from './respond-error.js';
export { RouteMatcher, UNMATCHED_ROUTE } from './route-template.js';
