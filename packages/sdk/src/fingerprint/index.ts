/**
 * Error fingerprinting, shared by the SDK (observer.errors) and whatever groups exceptions it
 * did not capture itself (the console, from OTLP `exception.*` attributes): one implementation,
 * so both give one bug one id. A leaf: it imports nothing else from the SDK.
 */
export {
  errorCode,
  errorType,
  type Fingerprint,
  fingerprintError,
  fingerprintFromStack,
  fingerprintMessage,
  normalizeMessage,
  type StackFingerprintOptions,
} from './fingerprint.js';
export { type NormalizedFrame, parseStackFrames } from './stack-frames.js';
