export { resolveRequestId } from './request-id.js';
export { RequestPass, type RequestPassOptions, type RequestState, type RouteLookup } from './request-pass.js';
export { respondWithError } from './respond-error.js';
export { RouteMatcher, UNMATCHED_ROUTE } from './route-template.js';
