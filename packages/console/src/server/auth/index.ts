export { hostNameOf, hostRefusal, registerHostCheck } from './host-check.js';
export { registerTokenAuth, TOKEN_COOKIE } from './token-auth.js';
