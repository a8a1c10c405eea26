export { registerAccessLog } from './access-log.js';
export { answerFrameworkError } from './framework-errors.js';
export { loggableUrl } from './loggable-url.js';
export { REQUEST_ID_HEADER, registerRequestIdHeader, requestIdOf } from './request-id.js';
export { requestLabel } from './request-label.js';
