export { registerTokenAuth, TOKEN_COOKIE } from './token-auth.js';
