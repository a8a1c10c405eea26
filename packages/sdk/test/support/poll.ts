/** The SDK suites' name for the public eventually(): polls until a probe finds something, with a deadline. */
export { eventually as waitFor } from '../../src/testing/index.js';
