export { bindToBackground, inBackground } from './background.js';
export { ensureContextManager } from './context-manager.js';
export { kLineKeys } from './line-keys.js';
export {
  contextWithRequest,
  createRequestContext,
  getRequestContext,
  REQUEST_CONTEXT_KEY,
  type RequestContext,
  type RequestLogFields,
  setRequestUser,
} from './request-context.js';
