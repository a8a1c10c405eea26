export { safeThrown, thrownString } from './safe-thrown.js';
