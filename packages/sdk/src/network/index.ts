/**
 * `@sightline/sdk/network`: facts about addresses, shared by the SDK's debug server and the
 * console, which both refuse to serve without a token beyond loopback. A leaf: it imports
 * nothing else from the SDK, so the console loads `node:net` and nothing more through it.
 */
export { isLoopbackHost } from './loopback.js';
